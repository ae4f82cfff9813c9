/// Which corosync.conf keys corosync 3.1.7's parser (`exec/coroparse.c`) stores as integers, and
/// of which type; every other key is a string.
public enum ConfigKeyTypes {
    private static let totemU32: Set<String> = [
        "version", "nodeid", "threads", "token", "token_coefficient", "token_retransmit",
        "token_warning", "hold", "token_retransmits_before_loss_const", "join", "send_join",
        "consensus", "merge", "downcheck", "fail_recv_const", "seqno_unchanged_const",
        "heartbeat_failures_allowed", "max_network_delay", "window_size", "max_messages",
        "miss_count_const", "knet_pmtud_interval", "knet_mtu", "knet_compression_threshold",
        "netmtu",
    ]
    private static let totemMilliseconds: Set<String> = [
        "token", "token_coefficient", "token_retransmit", "hold", "join", "send_join",
        "consensus", "merge", "downcheck", "max_network_delay", "knet_pmtud_interval",
    ]
    private static let interfaceTypes: [String: CmapValueType] = [
        "linknumber": .u8, "ringnumber": .u8, "mcastport": .u16, "ttl": .u8,
        "knet_link_priority": .u8, "knet_ping_interval": .u32, "knet_ping_timeout": .u32,
        "knet_ping_precision": .u32, "knet_pong_count": .u32,
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

    /// The cmap type of a dotted key such as `totem.token` or `nodelist.node.3.nodeid`.
    public static func type(of key: String) -> CmapValueType {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "totem":
            if parts.count == 2 {
                if parts[1] == "config_version" { return .u64 }
                if parts[1] == "knet_compression_level" { return .i32 }
                return totemU32.contains(parts[1]) ? .u32 : .str
            }
            if parts.count == 4, parts[1] == "interface" { return interfaceTypes[parts[3]] ?? .str }
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
        let bounds = type.range.map { "\($0.lowerBound)..\($0.upperBound)" } ?? ""
        var expected = "expected an integer in range \(bounds)"
        if let unit = unit(of: key) { expected += " (\(unit))" }
        return ConfigError(.integerRange, file: file, line: line, key: key, expected: expected, value: value)
    }
}
