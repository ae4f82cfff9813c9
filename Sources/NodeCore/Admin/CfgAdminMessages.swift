import Totem

extension ServiceMessages {
    /// The longest KILLNODE reason: `mar_name_t` holds 256 bytes including the terminating NUL.
    public static let killNodeReasonLimit = 255

    /// cfg KILLNODE (function 1, 288 bytes), as corosync sends it for `corosync-cfgtool -k`:
    /// the node `target` logs `Killed by node <sender> : <reason>` and exits.
    ///
    /// ```
    /// header(16, service 1, fn 1) | u32 nodeid @16 | pad(4) | u16 length @24 | pad(6) | u8 value[256] @32
    /// ```
    /// `length` counts the terminating NUL, as corosync's library sets it (`strlen + 1`); a
    /// reason longer than ``killNodeReasonLimit`` bytes is cut there (callers refuse it first).
    public static func killNode(_ target: NodeID, reason: String) -> [UInt8] {
        let text = Array(reason.utf8.prefix(killNodeReasonLimit))
        var writer = WireWriter(capacity: 288)
        ServiceHeader(service: Service.cfg, function: 1, size: 288).encode(into: &writer)
        writer.nodeID(target)
        writer.zeros(4)
        writer.u16(UInt16(text.count + 1))
        writer.zeros(6)
        writer.bytes(text)
        writer.zeros(256 - text.count)
        return writer.bytes
    }

    /// cfg SHUTDOWN (function 2, the 16-byte header alone), which corosync multicasts when a
    /// shutdown was granted: every member logs `Node <sender> was shut down by sysadmin`, and
    /// the sender then leaves.
    public static func shutdown() -> [UInt8] {
        var writer = WireWriter(capacity: 16)
        ServiceHeader(service: Service.cfg, function: 2, size: 16).encode(into: &writer)
        return writer.bytes
    }
}
