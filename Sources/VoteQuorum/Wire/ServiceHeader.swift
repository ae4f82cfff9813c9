import Totem

/// The 16-byte header that starts every corosync service (exec) message: libqb's
/// `qb_ipc_request_header` with 8-byte alignment.
///
/// ```
/// +0  i32 id     (service << 16 | function)
/// +4  4 bytes padding (garbage from stock senders; ignored on receipt, zeros on send)
/// +8  i32 size   (whole message length, header included; not checked by stock receivers)
/// +12 4 bytes padding
/// ```
public struct ServiceHeader: Hashable, Sendable {
    /// Encoded size in bytes.
    public static let size = 16

    /// `service << 16 | function`.
    public var id: Int32
    /// The whole message length in bytes, header included.
    public var messageSize: Int32

    /// Creates a header.
    public init(id: Int32, messageSize: Int32) {
        self.id = id
        self.messageSize = messageSize
    }

    /// Creates a header for `function` of `service` with the given message size.
    public init(service: UInt16, function: UInt16, messageSize: Int) {
        self.id = Int32(bitPattern: UInt32(service) << 16 | UInt32(function))
        self.messageSize = Int32(clamping: messageSize)
    }

    /// The service id (`id >> 16`).
    public var service: UInt16 { UInt16(truncatingIfNeeded: UInt32(bitPattern: id) >> 16) }

    /// The function id within the service (`id & 0xffff`).
    public var function: UInt16 { UInt16(truncatingIfNeeded: UInt32(bitPattern: id)) }

    /// Reads a header; `reader.swapped` says whether the sender was big-endian.
    public static func decode(_ reader: inout WireReader) throws(WireError) -> ServiceHeader {
        let id = try reader.i32()
        try reader.skip(4)
        let size = try reader.i32()
        try reader.skip(4)
        return ServiceHeader(id: id, messageSize: size)
    }

    /// Appends the header, little-endian, with zeroed padding.
    public func encode(into writer: inout WireWriter) {
        writer.i32(id)
        writer.zeros(4)
        writer.i32(messageSize)
        writer.zeros(4)
    }
}
