/// corosync's rules for key names (Docs/ServicesWire.md §9.2) and the keys IPC clients may not
/// change.
public enum CMapKey {
    /// The shortest valid name, in bytes.
    public static let minimumLength = 3
    /// The longest valid name, in bytes.
    public static let maximumLength = 255

    /// True when `name` is 3...255 bytes of `a-z A-Z 0-9 . _ - / :` (corosync's
    /// `icmap_check_key_name`).
    public static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard bytes.count >= minimumLength, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy(isAllowed)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    /// Prefixes under which IPC clients may neither set nor delete (`CS_ERR_ACCESS`).
    public static let readOnlyPrefixes = [
        "internal_configuration.", "runtime.services.", "runtime.config.", "runtime.totem.",
        "uidgid.config.", "system.", "nodelist.",
    ]

    /// Single keys IPC clients may neither set nor delete (`CS_ERR_ACCESS`).
    public static let readOnlyKeys: Set<String> = [
        "totem.crypto_cipher", "totem.crypto_hash", "totem.crypto_model", "totem.keyfile", "totem.key",
        "totem.secauth", "totem.ip_version", "totem.rrp_mode", "totem.transport", "totem.cluster_name",
        "totem.netmtu", "totem.threads", "totem.version", "totem.nodeid", "totem.clear_node_high_bit",
        "config.reload_in_progress", "config.totemconfig_reload_in_progress", "nodelist.local_node_pos",
        "quorum.allow_downscale", "quorum.wait_for_all", "quorum.last_man_standing",
        "quorum.last_man_standing_window", "quorum.expected_votes_tracking", "quorum.auto_tie_breaker",
        "quorum.auto_tie_breaker_node",
    ]

    /// True when IPC clients may not change `name` (corosync's `cmap_is_ro_key`); the daemon
    /// itself still may.
    public static func isReadOnly(_ name: String) -> Bool {
        readOnlyKeys.contains(name) || readOnlyPrefixes.contains { name.hasPrefix($0) }
    }

    /// Byte-wise order, the order cmap iterates keys in.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
