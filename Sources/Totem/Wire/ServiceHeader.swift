/// The 16-byte libqb request header that starts every corosync service message
/// (`struct qb_ipc_request_header`, Docs/TotemWire.md §8.4).
///
/// ```
/// +0 i32 id = service << 16 | function   +4 4 bytes padding
/// +8 i32 size (whole message, header included)   +12 4 bytes padding
/// ```
/// Stock nodes leave stack garbage in the padding: ``decode(_:swapped:)`` ignores it and
/// ``encode(into:)`` writes zeros. The sync protocol uses unshifted ids (1 SERVICE_BUILD,
/// 0 BARRIER), i.e. service 0. `size` is not validated here; services check it against
/// the bytes they actually got.
public struct ServiceHeader: Hashable, Sendable {
    /// Encoded size in bytes.
    public static let size = 16

    /// `service << 16 | function`.
    public var id: Int32
    /// Total size of the service message including this header.
    public var size: Int32

    /// Creates a header from the combined id.
    public init(id: Int32, size: Int32) {
        self.id = id
        self.size = size
    }

    /// Creates a header from a service and a function number.
    public init(service: UInt16, function: UInt16, size: Int32) {
        self.id = Int32(bitPattern: UInt32(service) << 16 | UInt32(function))
        self.size = size
    }

    /// The service number (upper 16 bits of ``id``): 0 cmap, 1 cfg, 2 cpg, 3 quorum, 4 pload,
    /// 5 votequorum, 6 mon, 7 wd.
    public var service: UInt16 { UInt16(truncatingIfNeeded: UInt32(bitPattern: id) >> 16) }

    /// The function number within the service (lower 16 bits of ``id``).
    public var function: UInt16 { UInt16(truncatingIfNeeded: UInt32(bitPattern: id)) }

    /// Decodes the header at the start of `bytes` (the service body follows it);
    /// `swapped` for a big-endian sender. Throws ``WireError/truncated(offset:needed:available:)``
    /// when fewer than 16 bytes are given.
    public static func decode(_ bytes: [UInt8], swapped: Bool = false) throws(WireError) -> ServiceHeader {
        var reader = WireReader(bytes, swapped: swapped)
        return try decode(&reader)
    }

    /// Decodes the header at the reader's offset and moves past it.
    public static func decode(_ reader: inout WireReader) throws(WireError) -> ServiceHeader {
        try reader.require(size)
        let id = try reader.i32()
        try reader.skip(4)
        let size = try reader.i32()
        try reader.skip(4)
        return ServiceHeader(id: id, size: size)
    }

    /// Appends the header, little-endian, with zero padding.
    public func encode(into writer: inout WireWriter) {
        writer.i32(id)
        writer.zeros(4)
        writer.i32(size)
        writer.zeros(4)
    }

    /// The encoded header, little-endian, with zero padding.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.size)
        encode(into: &writer)
        return writer.bytes
    }
}
