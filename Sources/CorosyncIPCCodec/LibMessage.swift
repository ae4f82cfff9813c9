/// The framing every corosync library message shares (libqb's `qb_ipc_common.h`), in host byte
/// order (x86-64: little-endian), every field 8-byte aligned:
///
/// - request header, 16 bytes: `i32 id @0 | i32 size @8` (size = the whole message);
/// - response and event header, 24 bytes: `i32 id @0 | i32 size @8 | i32 error @16`
///   (`error` a ``CSError``).
public enum LibMessage {
    /// The request header's size.
    public static let requestHeaderSize = 16
    /// The response (and event) header's size.
    public static let responseHeaderSize = 24

    /// The id of a request, or nil when it is shorter than a request header.
    public static func requestID(_ message: [UInt8]) -> Int32? {
        message.count >= requestHeaderSize ? WireReader(message).int32(at: 0) : nil
    }

    /// A response or event of `size` bytes (zero-filled past the header).
    public static func response(id: Int32, size: Int, error: CSError) -> WireWriter {
        var writer = WireWriter(size: max(size, responseHeaderSize))
        writer.put(id, at: 0)
        writer.put(Int32(truncatingIfNeeded: size), at: 8)
        writer.put(error.rawValue, at: 16)
        return writer
    }

    /// corosync's answer to a request it cannot take (an unknown id, a message too short for its
    /// struct): the bare 24-byte header `{id 0, size 24, error}` (`cs_ipcs_msg_process`).
    public static func refusal(_ error: CSError = .invalidParam) -> [UInt8] {
        response(id: 0, size: responseHeaderSize, error: error).bytes
    }
}
