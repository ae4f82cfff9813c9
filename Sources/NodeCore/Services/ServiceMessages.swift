import Totem

/// The service messages this node sends in the sync phases of cmap (0) and cpg (2), byte-exact
/// with corosync 3.1.7 (Docs/ServicesWire.md §6.1, §6.2).
public enum ServiceMessages {
    /// corosync's service ids.
    public enum Service {
        /// cmap.
        public static let cmap: UInt16 = 0
        /// cfg.
        public static let cfg: UInt16 = 1
        /// cpg.
        public static let cpg: UInt16 = 2
        /// quorum.
        public static let quorum: UInt16 = 3
        /// votequorum.
        public static let votequorum: UInt16 = 5
    }

    /// The cmap MCAST of reason SYNC carrying `totem.config_version` (328 bytes when the key is
    /// unset, 336 with a u64 value).
    ///
    /// ```
    /// header(16, id 0) | u8 reason(+7) | u8 no_items(+7) | reserved(8) | reserved(8) | item
    /// item: u16 key_len(+6) | key[256] NUL-terminated | u8 type(+7) | u64 value_len | value (padded to 8)
    /// ```
    public static func cmapConfigVersionSync(configVersion: UInt64?) -> [UInt8] {
        let key = Array("totem.config_version".utf8)
        let valueLength = configVersion == nil ? 0 : 8
        let itemSize = (280 + valueLength + 7) / 8 * 8
        var writer = WireWriter(capacity: 48 + itemSize)
        ServiceHeader(service: Service.cmap, function: 0, size: Int32(48 + itemSize)).encode(into: &writer)
        writer.u8(0)  // reason SYNC
        writer.zeros(7)
        writer.u8(1)  // one item
        writer.zeros(7)
        writer.zeros(16)
        writer.u16(UInt16(key.count))
        writer.zeros(6)
        writer.bytes(key)
        writer.zeros(256 - key.count)
        writer.u8(configVersion == nil ? 0 : 8)  // ICMAP_VALUETYPE_UINT64 = 8, 0 = no such key
        writer.zeros(7)
        writer.u64(UInt64(valueLength))
        if let configVersion { writer.u64(configVersion) }
        writer.zeros(48 + itemSize - writer.bytes.count)
        return writer.bytes
    }

    /// The cpg DOWNLIST (1568 bytes): the previous member count and the nodes that left.
    /// Receivers only log it.
    public static func cpgDownlist(oldMembers: Int, left: [NodeID]) -> [UInt8] {
        var writer = WireWriter(capacity: 1568)
        ServiceHeader(service: Service.cpg, function: 5, size: 1568).encode(into: &writer)
        writer.u32(UInt32(oldMembers))
        writer.zeros(4)
        let listed = left.prefix(384)
        writer.u32(UInt32(listed.count))
        writer.zeros(4)
        for node in listed { writer.nodeID(node) }
        writer.zeros(4 * (384 - listed.count))
        return writer.bytes
    }
}
