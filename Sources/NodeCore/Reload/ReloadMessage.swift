import Totem

extension ServiceMessages {
    /// cfg RELOAD_CONFIG (function 3, 32 bytes), as `corosync-cfgtool -R` makes its node send
    /// it (Docs/ServicesWire.md §5.1): every member re-reads its own file; only `sender` answers
    /// the waiting client, which `token` (corosync's opaque connection pointer) identifies.
    ///
    /// ```
    /// header(16, service 1, fn 3) | u32 nodeid | pad(4) | u64 opaque
    /// ```
    public static func reloadConfig(from sender: NodeID, token: UInt64) -> [UInt8] {
        var writer = WireWriter(capacity: 32)
        ServiceHeader(service: Service.cfg, function: 3, size: 32).encode(into: &writer)
        writer.nodeID(sender)
        writer.zeros(4)
        writer.u64(token)
        return writer.bytes
    }
}
