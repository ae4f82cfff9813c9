/// One totempg packet: the payload of a normal MCAST, carrying one or more packed pieces of
/// application messages (Docs/TotemWire.md §8.1).
///
/// ```
/// +0 i16 version (0)   +2 i16 type (0)   +4 u8 fragmented   +5 u8 continuation
/// +6 u16 msg_count (m) +8 u16 msg_len[m] +8+2m pieces, back to back, no padding
/// ```
/// * `fragmented == k != 0`: the last piece is the first (or a middle) chunk of a message that
///   continues in the sender's next packet, which carries `continuation == k`.
/// * `continuation == k != 0`: the first piece continues the message left open by the sender's
///   packet numbered `k`.
///
/// Corosync drops a packet whose length is not exactly `8 + 2m + Σ msg_len`, and so does
/// ``decode(_:swapped:)``. It does not check `version` and `type`; we require both to be 0
/// (every corosync 3.x sender writes 0), so a non-zero value is reported as
/// ``WireError/invalidField(field:value:)``. A packet without pieces must not claim a fragment.
public struct TotemPGPacket: Hashable, Sendable {
    /// Size of the fixed part (version, type, flags, count).
    public static let headerSize = 8
    /// Most pieces one packet can describe (`msg_count` is a u16).
    public static let maxPieces = Int(UInt16.max)
    /// Largest piece one length entry can describe.
    public static let maxPieceSize = Int(UInt16.max)

    /// Fragment number of the trailing piece, or 0 when the last piece ends its message.
    public var fragmented: UInt8
    /// Fragment number the leading piece continues, or 0 when the first piece starts a message.
    public var continuation: UInt8
    /// The packed pieces in order.
    public var pieces: [[UInt8]]

    /// Creates a packet.
    public init(fragmented: UInt8 = 0, continuation: UInt8 = 0, pieces: [[UInt8]]) {
        self.fragmented = fragmented
        self.continuation = continuation
        self.pieces = pieces
    }

    /// The encoded size: `8 + 2m + Σ piece sizes`.
    public var encodedSize: Int {
        pieces.reduce(Self.headerSize + 2 * pieces.count) { $0 + $1.count }
    }

    /// Decodes a packet written in little-endian order, or in big-endian order when `swapped`
    /// (the MCAST that carried it had a byte-swapped magic).
    ///
    /// Throws ``WireError/truncated(offset:needed:available:)`` when the header or the length
    /// table is cut short, ``WireError/invalidField(field:value:)`` for a non-zero version or
    /// type or a fragment flag on an empty packet, and ``WireError/trailingBytes(count:)`` (too
    /// long) or `truncated` (too short) when the length is not exactly the sum of the pieces.
    public static func decode(_ bytes: [UInt8], swapped: Bool = false) throws(WireError) -> TotemPGPacket {
        var reader = WireReader(bytes, swapped: swapped)
        let version = try reader.i16()
        guard version == 0 else { throw .invalidField(field: "totempg version", value: Int64(version)) }
        let type = try reader.i16()
        guard type == 0 else { throw .invalidField(field: "totempg type", value: Int64(type)) }
        let fragmented = try reader.u8()
        let continuation = try reader.u8()
        let count = Int(try reader.u16())
        if count == 0 {
            guard fragmented == 0 else { throw .invalidField(field: "fragmented", value: Int64(fragmented)) }
            guard continuation == 0 else {
                throw .invalidField(field: "continuation", value: Int64(continuation))
            }
        }
        try reader.require(2 * count)
        var lengths: [Int] = []
        lengths.reserveCapacity(count)
        var total = 0
        for _ in 0..<count {
            let length = Int(try reader.u16())
            lengths.append(length)
            total += length
        }
        try reader.require(total)
        guard reader.remaining == total else { throw .trailingBytes(count: reader.remaining - total) }
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(count)
        for length in lengths { pieces.append(try reader.bytes(length)) }
        return TotemPGPacket(fragmented: fragmented, continuation: continuation, pieces: pieces)
    }

    /// The encoded packet, little-endian.
    ///
    /// The packet must describe itself: at most ``maxPieces`` pieces of at most
    /// ``maxPieceSize`` bytes each (``FramePacker`` never builds anything else).
    public func encode() -> [UInt8] {
        precondition(pieces.count <= Self.maxPieces, "totempg packet with \(pieces.count) pieces")
        var writer = WireWriter(capacity: encodedSize)
        writer.i16(0)
        writer.i16(0)
        writer.u8(fragmented)
        writer.u8(continuation)
        writer.u16(UInt16(pieces.count))
        for piece in pieces {
            precondition(piece.count <= Self.maxPieceSize, "totempg piece of \(piece.count) bytes")
            writer.u16(UInt16(piece.count))
        }
        for piece in pieces { writer.bytes(piece) }
        return writer.bytes
    }
}
