import Totem

/// Hostile values, nodes, interfaces and logging sections (see ``HostileConfigs``).
extension HostileConfigs {
    static func totemLine(_ line: String) -> String { udpu(totem: "  " + line) }
    static let secondTotem = "totem {\n  cluster_name: again\n}\n"

    static let values: [HostileConfig] = [
        ok("token0", totemLine("token: 0")),
        ok("consensus0", totemLine("consensus: 0")),
        ok("join0", totemLine("join: 0")),
        ok("join-max", totemLine("join: 4294967295\n  consensus: 4294967295")),
        ok("token-max", totemLine("token: 4294967295")),
        // The fault is join (consensus is derived from token), not the last totem section's line.
        bad("join-above-consensus", udpu(totem: "  join: 5000", extra: secondTotem), .timerTooSmall, line: 7),
        bad(
            "token-100-retransmit", udpu(totem: "  token: 100\n  token_coefficient: 0", extra: secondTotem),
            .timerTooSmall, line: 7),
        bad("token-neg1", totemLine("token: -1"), .integerRange, line: 7),
        bad("token-hex", totemLine("token: 0x1000"), .integerRange, line: 7),
        ok("token-plus", totemLine("token: +5000")),
        ok("token-minus0", totemLine("token: -0")),
        ok("token-leading-zeros", totemLine("token: 0005000")),
        bad("only-spaces-int", totemLine("token:    "), .integerRange, line: 7),
        ok("only-spaces-value", edit("cluster_name: cfgtest", "cluster_name:    ")),
        ok("config-version-neg", totemLine("config_version: -1")),
        ok("config-version-max", totemLine("config_version: 18446744073709551615")),
        // corosync aborts (an assertion) on it.
        bad("config-version-over", totemLine("config_version: 18446744073709551616"), .integerRange, line: 7),
        bad("rrp-typed", totemLine("rrp_problem_count_timeout: abc"), .integerRange, line: 7),
        bad("crypto-model-bad", totemLine("crypto_model: foo"), .invalidCrypto, line: 7),
        bad("crypto-model-none", totemLine("crypto_model: none"), .invalidCrypto, line: 7),
        ok("crypto-model-openssl", totemLine("crypto_model: openssl")),
        bad("compress-model-bad", totemLine("knet_compression_model: foo"), .invalidChoice, line: 7),
        bad("compress-model-none", totemLine("knet_compression_model: none"), .invalidChoice, line: 7),
        ok("secauth-on-cipher-none", totemLine("secauth: on\n  crypto_cipher: none\n  crypto_hash: none")),
        bad("system-sched-rr-bad", udpu(extra: "system {\n  sched_rr: maybe\n}\n"), .invalidChoice, line: 34),
        bad("system-qb-ipc-bad", udpu(extra: "system {\n  qb_ipc_type: pipe\n}\n"), .invalidChoice, line: 34),
        bad(
            "resources-watchdog-bad", udpu(extra: "resources {\n  watchdog_timeout: abc\n}\n"),
            .integerRange, line: 34),
        // corosync aborts (an assertion) on it.
        bad(
            "resources-poll-bad",
            udpu(
                extra: "resources {\n  system {\n    memory_used {\n      poll_period: x\n"
                    + "    }\n  }\n}\n"), .integerRange, line: 36),
        deviation("netmtu-1", totemLine("netmtu: 1"), .invalidNetMTU, line: 7),
        deviation("netmtu-100", totemLine("netmtu: 100"), .invalidNetMTU, line: 7),
        deviation("netmtu-max", totemLine("netmtu: 4294967295"), .invalidNetMTU, line: 7),
        ok("window-size-max", totemLine("window_size: 4294967295")),
        ok("send-join-max", totemLine("send_join: 4294967295")),
        ok("cluster-name-256", edit("cluster_name: cfgtest", "cluster_name: " + String(repeating: "c", count: 256))),
        ok("cluster-name-400", edit("cluster_name: cfgtest", "cluster_name: " + String(repeating: "c", count: 400))),
        ok("utf8-value", edit("cluster_name: cfgtest", "cluster_name: clüstér")),
        ok("expected-votes-0", edit("corosync_votequorum\n", "corosync_votequorum\n  expected_votes: 0\n")),
        ok("votes-0", edit("corosync_votequorum\n", "corosync_votequorum\n  votes: 0\n")),
    ]

    static let nodes: [HostileConfig] = [
        ok("nodeid0-node1", edit("nodeid: 1\n", "nodeid: 0\n")),
        ok("nodeid0-node2", edit("nodeid: 2\n", "nodeid: 0\n")),
        ok("nodeid-2^31", edit("nodeid: 2\n", "nodeid: 2147483648\n")),
        ok("nodeid-2^32-1", edit("nodeid: 2\n", "nodeid: 4294967295\n")),
        ok("nodeid-2^32-1-local", edit("nodeid: 1\n", "nodeid: 4294967295\n")),
        bad("nodeid-2^32", edit("nodeid: 2\n", "nodeid: 4294967296\n"), .integerRange, line: 17),
        ok("quorum-votes-0", edit("nodeid: 2\n", "nodeid: 2\n    quorum_votes: 0\n")),
        bad("ring0-trailing-junk", edit("127.0.0.2\n", "127.0.0.2 junk\n"), .unresolvableAddress, line: 16),
        bad("ring0-trailing-dot", edit("127.0.0.2\n", "127.0.0.2.\n"), .unresolvableAddress, line: 16),
        bad("node-ring0-empty", edit("127.0.0.2\n", "\n"), .unresolvableAddress, line: 16),
        // Two nodes at one address: corosync 3.1.7 accepts them (README, "Compatibility").
        deviation("dup-ring0-same", edit("127.0.0.3\n", "127.0.0.2\n"), .duplicateAddress, line: 21),
        deviation("dup-ring0-spelled", edit("127.0.0.3\n", "127.000.000.002\n"), .duplicateAddress, line: 21),
        deviation("dup-ring0-short", edit("127.0.0.3\n", "127.2\n"), .duplicateAddress, line: 21),
        deviation("dup-ring0-hex", edit("127.0.0.3\n", "0x7f.0.0.2\n"), .duplicateAddress, line: 21),
        deviation(
            "toplevel-nodelist-node", udpu(extra: "nodelist.node {\n  ring0_addr: 127.0.0.1\n  nodeid: 7\n}\n"),
            .duplicateAddress, line: 34),
        ok("toplevel-nodelist-node4", udpu(extra: "nodelist.node {\n  ring0_addr: 127.0.0.4\n  nodeid: 4\n}\n")),
        ok("node-no-ring0", edit("    ring0_addr: 127.0.0.2\n", "")),
        bad("node-ring1", edit("nodeid: 2\n", "nodeid: 2\n    ring1_addr: 127.0.1.2\n"), .badInterface, line: 18),
        bad("node-ring9", edit("nodeid: 2\n", "nodeid: 2\n    ring9_addr: 127.0.1.2\n"), .badInterface, line: 18),
        bad(
            "nested-in-node", edit("    nodeid: 2\n", "    nodeid: 2\n    sub {\n      nodeid: abc\n    }\n"),
            .integerRange, line: 19),
        ok("nested-in-node-ok", edit("    nodeid: 2\n", "    nodeid: 2\n    sub {\n      foo: bar\n    }\n")),
        ok(
            "two-nodelists-hostname",
            udpu(extra: "nodelist {\n  node {\n    ring0_addr: localhost\n    nodeid: 1\n  }\n}\n")),
        ok("very-long-key-node", edit("nodeid: 2\n", "nodeid: 2\n    \(String(repeating: "k", count: 238)): v\n")),
    ]

    static func interface(_ lines: String) -> String { udpu(totem: "  interface {\n\(lines)\n  }") }

    static let interfaces: [HostileConfig] = [
        ok("interface-link1", interface("    linknumber: 1")),
        bad("interface-link1-port", interface("    linknumber: 1\n    mcastport: 5405"), .badInterface, line: 8),
        bad("interface-link9-port", interface("    linknumber: 9\n    mcastport: 5405"), .badInterface, line: 8),
        ok("interface-ringnumber", interface("    ringnumber: 1\n    mcastport: 5405")),
        ok("interface-port0", interface("    mcastport: 0")),
        ok("bindnetaddr-junk", interface("    bindnetaddr: junk..")),
        bad("mcastaddr-junk", interface("    mcastaddr: junk.."), .badInterface, line: 8),
        ok("ttl-1", interface("    ttl: 1")),
        bad("ttl-0", interface("    ttl: 0"), .badInterface, line: 8),
        bad("ttl-5", interface("    ttl: 5"), .badInterface, line: 8),
        ok("knet-link-priority-0", interface("    knet_link_priority: 0")),
        ok("knet-link-priority-1", interface("    knet_link_priority: 1")),
        bad("knet-link-priority-5", interface("    knet_link_priority: 5"), .badInterface, line: 8),
        bad("knet-transport-bad", interface("    knet_transport: tcp"), .badInterface, line: 8),
        ok("interface-nested-unknown", interface("    foo {\n    }")),
        ok("interface-nested-port", interface("    mcastport: 5405\n    foo {\n    }")),
        // corosync crashes on it.
        bad(
            "interface-nested-after-member",
            interface("    member {\n      memberaddr: 127.0.0.1\n    }\n    foo {\n    }"),
            .unsupportedSubsection, line: 11),
        ok("interface-unknown-key", interface("    foo: bar")),
        ok("memberaddr-bad", interface("    member {\n      memberaddr: junk..\n    }")),
        bad("member-other-key", interface("    member {\n      foo: bar\n    }"), .notKeyValue, line: 9),
        ok("interface-dotted-port0", totemLine("interface.0.mcastport: 0")),
        bad("interface-dotted-link1", totemLine("interface.1.mcastport: 5405"), .badInterface, line: 7),
        ok("interface-dotted-foo", totemLine("interface.foo.bar: 5405")),
        bad("interface-dotted-mcastaddr", totemLine("interface.0.mcastaddr: junk.."), .badInterface, line: 7),
        ok("dotted-section-interface", udpu(extra: "totem.interface {\n  mcastport: 0\n}\n")),
        bad("toplevel-interface-ttl", udpu(extra: "totem.interface {\n  ttl: 5\n}\n"), .badInterface, line: 34),
    ]

    static func logger(_ lines: String) -> String { udpu(extra: "logging {\n  logger_subsys {\n\(lines)\n  }\n}\n") }

    static let logging: [HostileConfig] = [
        ok("logger-dup-key", logger("    subsys: QUORUM\n    debug: on\n    debug: bogus")),
        bad(
            "logger-dup-key2", logger("    subsys: QUORUM\n    debug: bogus\n    debug: on"),
            .invalidLoggingValue, line: 36),
        bad("logger-subsys-space", logger("    subsys: MY SUBSYS\n    debug: off"), .invalidKeyName, line: 35),
        // corosync aborts (a double free) on it.
        bad(
            "logger-subsys-subsection", logger("    subsys: QUORUM\n    inner {\n    }"),
            .unsupportedSubsection, line: 36),
        ok("long-subsys", logger("    subsys: " + String(repeating: "S", count: 240) + "\n    debug: off")),
        bad(
            "logging-daemon-corosync",
            udpu(extra: "logging {\n  logging_daemon {\n    name: corosync\n    debug: bogus\n  }\n}\n"),
            .invalidLoggingValue, line: 36),
        ok(
            "logging-daemon-other",
            udpu(extra: "logging {\n  logging_daemon {\n    name: other\n    debug: bogus\n  }\n}\n")),
    ]
}
