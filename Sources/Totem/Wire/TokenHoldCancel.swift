/// Asks the representative to release an idle, held token (type 5, 25 bytes).
///
/// ```
/// +0 header(13)   +13 ring_id(12)
/// ```
public struct TokenHoldCancel: Hashable, Sendable {
    /// Encoded size in bytes.
    public static let size = 25

    /// The header.
    public var header: TotemHeader
    /// The sender's current ring.
    public var ringID: RingID

    /// Creates a hold cancel.
    public init(sender: NodeID, ringID: RingID) {
        self.header = TotemHeader(type: .tokenHoldCancel, nodeID: sender)
        self.ringID = ringID
    }

    init(header: TotemHeader, body reader: inout WireReader) throws(WireError) {
        self.header = header
        ringID = try reader.ringID()
    }

    /// The encoded datagram, little-endian.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.size)
        var header = self.header
        header.type = .tokenHoldCancel
        header.encode(into: &writer)
        writer.ringID(ringID)
        return writer.bytes
    }
}
