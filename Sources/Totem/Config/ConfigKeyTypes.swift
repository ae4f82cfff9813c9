/// Which corosync.conf keys corosync 3.1.7's parser (`exec/coroparse.c`) stores as integers, and
/// of which type; every other key is a string.
///
/// corosync decides by the section a key is written in, not by the key's final name: `token`
/// inside `totem { }` is a u32, but `totem.token: 10` written at the top level is a string,
/// which corosync's totem layer then ignores (it reads `totem.token` as a u32 only). The parser
/// decides with the section kind; ``type(of:)`` answers for a key written in its own section.
public enum ConfigKeyTypes {
    private static let totemTypes: [String: CmapValueType] = {
        let u32 = [
            "version", "nodeid", "threads", "token", "token_coefficient", "token_retransmit",
            "token_warning", "hold", "token_retransmits_before_loss_const", "join", "send_join",
            "consensus", "merge", "downcheck", "fail_recv_const", "seqno_unchanged_const",
            "rrp_token_expired_timeout", "rrp_problem_count_timeout", "rrp_problem_count_threshold",
            "rrp_problem_count_mcast_threshold", "rrp_autorecovery_check_timeout",
            "heartbeat_failures_allowed", "max_network_delay", "window_size", "max_messages",
            "miss_count_const", "knet_pmtud_interval", "knet_mtu", "knet_compression_threshold", "netmtu",
        ]
        var types = Dictionary(uniqueKeysWithValues: u32.map { ($0, CmapValueType.u32) })
        types["knet_compression_level"] = .i32
        types["config_version"] = .u64
        return types
    }()
    private static let totemMilliseconds: Set<String> = [
        "token", "token_coefficient", "token_retransmit", "hold", "join", "send_join",
        "consensus", "merge", "downcheck", "max_network_delay", "knet_pmtud_interval",
    ]
    /// Keys of an `interface` section corosync keeps aside and stores under the link number.
    static let interfaceTypes: [String: CmapValueType] = [
        "linknumber": .u8, "mcastport": .u16, "ttl": .u8, "knet_link_priority": .u8,
        "knet_ping_interval": .u32, "knet_ping_timeout": .u32, "knet_ping_precision": .u32,
        "knet_pong_count": .u32, "bindnetaddr": .str, "mcastaddr": .str, "broadcast": .str,
        "knet_transport": .str,
    ]
    private static let quorumTypes: [String: CmapValueType] = [
        "expected_votes": .u32, "votes": .u32, "last_man_standing_window": .u32,
        "leaving_timeout": .u32, "two_node": .u8, "expected_votes_tracking": .u8,
        "allow_downscale": .u8, "wait_for_all": .u8, "auto_tie_breaker": .u8,
        "last_man_standing": .u8,
    ]
    private static let deviceTypes: [String: CmapValueType] = [
        "timeout": .u32, "sync_timeout": .u32, "votes": .u32, "master_wins": .u8,
    ]

    /// The type corosync gives `key` written in a section of `state` whose item path (section
    /// path and key) is `path`.
    static func type(in state: SectionState, path: String, key: String) -> CmapValueType {
        func named(_ prefix: String, _ table: [String: CmapValueType]) -> CmapValueType {
            guard path.hasPrefix(prefix) else { return .str }
            return table[String(path.dropFirst(prefix.count))] ?? .str
        }
        switch state {
        case .totem: return named("totem.", totemTypes)
        case .quorum: return named("quorum.", quorumTypes)
        case .qdevice: return named("quorum.device.", deviceTypes)
        case .interface: return named("totem.interface.", interfaceTypes)
        case .nodelistNode: return key == "nodeid" || key == "quorum_votes" ? .u32 : .str
        case .resources: return key == "watchdog_timeout" ? .u32 : .str
        case .resourcesPoll: return key == "poll_period" ? .u64 : .str
        default: return .str
        }
    }

    /// The cmap type of a dotted key such as `totem.token` or `nodelist.node.3.nodeid` when it
    /// is written in its own section (`totem { token: ... }`).
    public static func type(of key: String) -> CmapValueType {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "totem":
            if parts.count == 2 { return totemTypes[parts[1]] ?? .str }
            if parts.count == 4, parts[1] == "interface", parts[3] != "linknumber" {
                return interfaceTypes[parts[3]] ?? .str
            }
            return .str
        case "quorum":
            if parts.count == 2 { return quorumTypes[parts[1]] ?? .str }
            if parts.count == 3, parts[1] == "device" { return deviceTypes[parts[2]] ?? .str }
            return .str
        case "nodelist":
            if parts.count == 4, parts[1] == "node", parts[3] == "nodeid" || parts[3] == "quorum_votes" {
                return .u32
            }
            return .str
        default:
            return .str
        }
    }

    /// A unit to mention in errors about `key` (`milliseconds` for totem timers), or nil.
    public static func unit(of key: String) -> String? {
        let parts = key.split(separator: ".").map(String.init)
        if parts.count == 2, parts[0] == "totem", totemMilliseconds.contains(parts[1]) { return "milliseconds" }
        return nil
    }

    /// The error for `value` at `line` when it is not a valid integer of `key`'s type.
    static func rangeError(file: String, line: Int, key: String, value: String, type: CmapValueType) -> ConfigError {
        let bounds = type == .u64 ? "0..\(UInt64.max)" : type.range.map { "\($0.lowerBound)..\($0.upperBound)" } ?? ""
        var expected = "expected an integer in range \(bounds)"
        if let unit = unit(of: key) { expected += " (\(unit))" }
        return ConfigError(.integerRange, file: file, line: line, key: key, expected: expected, value: value)
    }
}
