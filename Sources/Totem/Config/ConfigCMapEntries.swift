/// The cmap entries corosync derives from a configuration: the file's keys with their cmap
/// types, the keys it adds while loading and the effective `runtime.config.totem.*` timers.
/// Each entry is a key, its cmap type and its value text (integers in decimal), in the order
/// cmap iterates them. The daemon publishes them (`NodeCMapKeys`); `totemd --check-config`
/// prints them (`CmapDump` in CorosyncFormat).
public enum ConfigCMapEntries {
    /// The configuration keys corosync stores from the file, for `prefixes`, each group in key
    /// order, plus the two keys corosync adds while loading: `totem.interface.0.bindnetaddr`
    /// (the local node's ring0_addr, udpu) and `nodelist.local_node_pos`.
    public static func configEntries(
        _ config: TotemConfig, prefixes: [String] = ["totem.", "nodelist.", "quorum.", "logging."]
    ) -> [(key: String, type: CmapValueType, value: String)] {
        var values: [String: (CmapValueType, String)] = [:]
        for entry in config.source.entries.values {
            let type = config.source.type(of: entry.key)
            let text = type.canonical(entry.value) ?? entry.value
            values[entry.key] = (type, text)
        }
        values["totem.interface.0.bindnetaddr"] = (.str, config.localNode.ring0)
        values["nodelist.local_node_pos"] = (.u32, String(config.localNode.position))
        return prefixes.flatMap { prefix in
            values.keys.filter { $0.hasPrefix(prefix) }.sorted(by: byteOrder).map { key in
                (key, values[key]!.0, values[key]!.1)
            }
        }
    }

    /// Every `runtime.config.totem.*` key corosync 3.1.7 publishes, in key order. corosync
    /// publishes its knet keys for udpu too (with their defaults); so do we, so that the
    /// output matches `corosync-cmapctl -b runtime.config.totem` line for line.
    public static func runtimeEntries(_ timers: TotemTimers) -> [(key: String, type: CmapValueType, value: String)] {
        let u32: [(String, UInt32)] = [
            ("block_unlisted_ips", timers.blockUnlistedIPs ? 1 : 0),
            ("cancel_token_hold_on_retransmit", timers.cancelTokenHoldOnRetransmit ? 1 : 0),
            ("consensus", timers.consensus),
            ("downcheck", timers.downcheck),
            ("fail_recv_const", timers.failRecvConst),
            ("heartbeat_failures_allowed", timers.heartbeatFailuresAllowed),
            ("hold", timers.hold),
            ("interface.0.knet_ping_interval", timers.knetPingInterval),
            ("interface.0.knet_ping_timeout", timers.knetPingTimeout),
            ("join", timers.join),
            ("knet_compression_threshold", timers.knetCompressionThreshold),
            ("knet_mtu", timers.knetMTU),
            ("knet_pmtud_interval", timers.knetPmtudInterval),
            ("max_messages", timers.maxMessages),
            ("max_network_delay", timers.maxNetworkDelay),
            ("merge", timers.merge),
            ("miss_count_const", timers.missCountConst),
            ("send_join", timers.sendJoin),
            ("seqno_unchanged_const", timers.seqnoUnchangedConst),
            ("token", timers.token),
            ("token_retransmit", timers.tokenRetransmit),
            ("token_retransmits_before_loss_const", timers.tokenRetransmitsBeforeLossConst),
            ("token_warning", timers.tokenWarning),
            ("window_size", timers.windowSize),
        ]
        var entries: [(key: String, type: CmapValueType, value: String)] =
            u32.map { ("runtime.config.totem." + $0.0, .u32, String($0.1)) }
        entries.append(("runtime.config.totem.knet_compression_level", .i32, String(timers.knetCompressionLevel)))
        entries.append(("runtime.config.totem.knet_compression_model", .str, timers.knetCompressionModel))
        return entries.sorted { byteOrder($0.key, $1.key) }
    }

    /// Byte-wise order, as cmap iterates keys.
    static func byteOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
