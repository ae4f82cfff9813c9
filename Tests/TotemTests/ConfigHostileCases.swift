import Totem

/// The hostile files by theme; the verdicts of `corosync -t` were measured with corosync 3.1.7
/// (Debian 12) and are checked again by ``ConfigHostileTests`` when corosync is installed.
extension HostileConfigs {
    /// A nodelist section of nodes 1...`count` at 127.0.0.n.
    static func nodelist(_ count: Int) -> String {
        let nodes = (1...count).map { "  node {\n    ring0_addr: 127.0.0.\($0)\n    nodeid: \($0)\n  }\n" }
        return "nodelist {\n" + nodes.joined() + "}\n"
    }

    /// `depth` nested sections s0 { s1 { ..., with a key in the innermost if `key`.
    static func nested(_ depth: Int, key: Bool) -> String {
        (0..<depth).map { "s\($0 % 10) {\n" }.joined() + (key ? "k: v\n" : "") + String(repeating: "}\n", count: depth)
    }

    static let grammar: [HostileConfig] = [
        ok("base", base),
        ok("dup-nodelist-same", udpu(extra: nodelist(3))),
        bad(
            "dup-nodelist-other",
            udpu(extra: "nodelist {\n  node {\n    ring0_addr: 127.0.0.9\n    nodeid: 9\n  }\n}\n"),
            .noLocalNode, line: 33),
        ok("dup-nodelist-node4", udpu(extra: nodelist(4))),
        ok("dup-totem", udpu(extra: "totem {\n  token: 5000\n}\n")),
        bad("dup-totem-version3", udpu(extra: "totem {\n  version: 3\n}\n"), .unsupportedVersion, line: 34),
        ok("nested-unknown", udpu(extra: "foo {\n  bar {\n    baz {\n      qux: 1\n    }\n  }\n}\n")),
        ok("nested-in-totem", udpu(totem: "  foo {\n    token: abc\n  }")),
        ok("deep-nesting-60", udpu(extra: nested(60, key: false))),
        bad("deep-nesting-2000", udpu(extra: nested(2000, key: false)), .pathTooLong, line: 118),
        bad("deep-nesting-key", udpu(extra: nested(200, key: true)), .pathTooLong, line: 118),
        ok("colon-section", udpu(extra: ": {\n}\n")),
        ok("colon-section-key", udpu(extra: ": {\n  key: v\n}\n")),
        ok("double-colon-section", udpu(extra: "foo:: {\n}\n")),
        bad("closing-extra", udpu(extra: "foo {\n} }\n"), .extraAroundClosingBrace, line: 34),
        ok("brace-in-value", edit("cluster_name: cfgtest", "cluster_name: a}b")),
        ok("key-outside", udpu(extra: "stray_key: value\n")),
        ok("empty-key-in-totem", udpu(totem: "  : value")),
        bad("empty-key-toplevel", udpu(extra: ": value\n"), .invalidKeyName, line: 33),
        bad("empty", "", .unsupportedVersion, line: 0),
        ok("no-trailing-newline", String(base.dropLast(2))),
    ]

    static let bytesAndLines: [HostileConfig] = [
        ok("crlf", base.replacing("\n", with: "\r\n")),
        bad("cr-only", base.replacing("\n", with: "\r"), .extraAfterOpeningBrace, line: 1),
        ok("lone-cr-value", edit("cluster_name: cfgtest", "cluster_name: cfg\rtest")),
        bad("lone-cr-key", udpu(totem: "  to\rken: 5000"), .invalidKeyName, line: 7),
        ok("lone-cr-before-int", edit("nodeid: 2\n", "nodeid:\r2\n")),
        ok("vt-before-int", edit("nodeid: 2\n", "nodeid: \u{0B}2\n")),
        ok("tab-before-int", edit("nodeid: 2\n", "nodeid:\t2\n")),
        bad("lone-cr-in-int", udpu(totem: "  token: 50\r00"), .integerRange, line: 7),
        bad(
            "invalid-utf8-key", edit("tokXen", bytes("tok") + [0xFF] + bytes("en"), in: udpu(totem: "  tokXen: 5")),
            .invalidKeyName, line: 7),
        ok("invalid-utf8-value", edit("cluster_name: cfgtest", bytes("cluster_name: cfg") + [0xFF] + bytes("test"))),
        bad(
            "invalid-utf8-int", edit("5000X", bytes("5000") + [0xFF], in: udpu(totem: "  token: 5000X")),
            .integerRange, line: 7),
        ok("invalid-utf8-comment", edit("quorum {\n", bytes("# comment ") + [0xFF, 0xFE] + bytes("\nquorum {\n"))),
        bad(
            "invalid-utf8-ring0", edit("127.0.0.2\n", bytes("127.0.0.2") + [0xFF, 0x0A]),
            .unresolvableAddress, line: 16),
        bad(
            "invalid-utf8-transport", edit("transport: udpu", bytes("transport: udp") + [0xFF] + bytes("u")),
            .invalidTransport, line: 4),
        bad("nul-key", edit("crypto_hash: none", "crypto_h\0ash: none"), .nulByte, line: 6),
        bad("nul-value", edit("cluster_name: cfgtest", "cluster_name: cfg\0test"), .nulByte, line: 3),
        bad("nul-comment", edit("quorum {\n", "# comment \0 here\nquorum {\n"), .nulByte, line: 26),
        ok("nul-line-start", edit("quorum {\n", "\0garbage here\nquorum {\n")),
        ok("nul-eof", base + "\0"),
        ok("nul-eof-newline", base + "\0\n"),
        ok("nul-last-line-no-newline", String(base.dropLast(2)) + "\n# x\0y"),
        bad("nul-in-long-line", udpu(extra: "\0" + String(repeating: "x", count: 600) + "\n"), .notKeyValue, line: 34),
        ok("line-510", edit("cluster_name: cfgtest", "cluster_name: " + String(repeating: "c", count: 494))),
        bad(
            "line-511", edit("cluster_name: cfgtest", "cluster_name: " + String(repeating: "c", count: 495)),
            .lineTooLong, line: 3),
        bad(
            "line-510-crlf",
            edit("cluster_name: cfgtest", "cluster_name: " + String(repeating: "c", count: 494))
                .replacing("\n", with: "\r\n"), .lineTooLong, line: 3),
    ]

    static let keysAndSections: [HostileConfig] = [
        bad("utf8-key", udpu(totem: "  tökén: 5"), .invalidKeyName, line: 7),
        ok("utf8-section-empty", udpu(extra: "sectiön {\n}\n")),
        bad("utf8-section-key", udpu(extra: "sectiön {\n  key: 1\n}\n"), .invalidKeyName, line: 33),
        ok("section-name-spaces-empty", udpu(extra: "my section {\n}\n")),
        bad("section-name-spaces-key", udpu(extra: "my section {\n  key: 1\n}\n"), .invalidKeyName, line: 33),
        bad("key-with-space", udpu(totem: "  my key: 1"), .invalidKeyName, line: 7),
        bad("hash-inside-key", udpu(totem: "  to#ken: 5"), .invalidKeyName, line: 7),
        bad("key-outside-short", udpu(extra: "ab: value\n"), .invalidKeyName, line: 33),
        ok("key-outside-dotted-token", udpu(extra: "totem.token: abc\n")),
        ok("key-outside-dotted-token10", udpu(extra: "totem.token: 10\n")),
        ok("dotted-key-nodeid", edit("nodelist {\n", "nodelist {\n  node.0.nodeid: abc\n")),
        ok("dotted-key-in-node", edit("    nodeid: 2\n", "    nodeid: 2\n    x.nodeid: abc\n")),
        ok("dotted-two-node", udpu(extra: "quorum.two_node: yes\n")),
        ok("dotted-expected-votes", udpu(extra: "quorum.expected_votes: abc\n")),
        ok("toplevel-cipher-bogus", udpu(extra: "totem.crypto_cipher: bogus\n")),
        ok("toplevel-ip-version-bogus", udpu(extra: "totem.ip_version: bogus\n")),
        bad("toplevel-crypto-model-none", udpu(extra: "totem.crypto_model: none\n"), .invalidCrypto, line: 33),
        bad("toplevel-version", udpu(extra: "totem.version: 3\n"), .unsupportedVersion, line: 33),
        // Transport knet is not run by this engine (README, "Configuration").
        deviation("toplevel-transport-knet", udpu(extra: "totem.transport: knet\n"), .unsupportedTransport, line: 33),
        ok("uidgid-subsection", udpu(extra: "uidgid {\n  sub {\n  }\n}\n")),
        bad("uidgid-unknown-user", udpu(extra: "uidgid {\n  uid: nosuchuserxyz\n}\n"), .unknownAccount, line: 34),
        bad("gid-unknown", udpu(extra: "uidgid {\n  gid: nosuchgroupxyz\n}\n"), .unknownAccount, line: 34),
        bad("uid-empty", udpu(extra: "uidgid {\n  uid:\n}\n"), .unknownAccount, line: 34),
        ok("uid-numeric", udpu(extra: "uidgid {\n  uid: 12345\n}\n")),
        ok("uid-root", udpu(extra: "uidgid {\n  uid: root\n  gid: root\n}\n")),
    ]
}
