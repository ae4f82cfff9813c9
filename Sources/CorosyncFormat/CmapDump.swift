import Totem

/// Formats configuration entries the way `corosync-cmapctl` prints keys: `key (type) = value`.
///
/// ```
/// totem.token (u32) = 5000
/// nodelist.local_node_pos (u32) = 0
/// runtime.config.totem.token (u32) = 5000
/// ```
/// The entries come from Totem's ``ConfigCMapEntries``; this is only their text.
public enum CmapDump {
    /// One `key (type) = value` line.
    public static func line(_ key: String, _ type: CmapValueType, _ value: String) -> String {
        "\(key) (\(type.rawValue)) = \(value)"
    }

    /// The lines of ``ConfigCMapEntries/configEntries(_:prefixes:)``, in the same order.
    public static func configLines(
        _ config: TotemConfig, prefixes: [String] = ["totem.", "nodelist.", "quorum.", "logging."]
    ) -> [String] {
        ConfigCMapEntries.configEntries(config, prefixes: prefixes).map { line($0.key, $0.type, $0.value) }
    }

    /// The lines of ``ConfigCMapEntries/runtimeEntries(_:)``: every `runtime.config.totem.*`
    /// key, as `corosync-cmapctl -b runtime.config.totem` prints them.
    public static func runtimeLines(_ timers: TotemTimers) -> [String] {
        ConfigCMapEntries.runtimeEntries(timers).map { line($0.key, $0.type, $0.value) }
    }

    /// What `totemd --check-config` prints: ``configLines(_:prefixes:)`` then
    /// ``runtimeLines(_:)``, one per line, ending with a newline.
    public static func checkConfigReport(_ config: TotemConfig) -> String {
        (configLines(config) + runtimeLines(config.timers)).map { $0 + "\n" }.joined()
    }
}
