/// The representative's probe on an idle ring (type 2, 29 bytes): a receiver in another ring
/// answers by starting a membership round, so that healed partitions merge.
///
/// ```
/// +0 header(13)   +13 u32 system_from   +17 ring_id(12)
/// ```
public struct MergeDetect: Hashable, Sendable {
    /// Encoded size in bytes.
    public static let size = 29

    /// The header.
    public var header: TotemHeader
    /// The sender.
    public var systemFrom: NodeID
    /// The sender's current ring.
    public var ringID: RingID

    /// Creates a merge detect.
    public init(sender: NodeID, ringID: RingID) {
        self.header = TotemHeader(type: .mergeDetect, nodeID: sender)
        self.systemFrom = sender
        self.ringID = ringID
    }

    init(header: TotemHeader, body reader: inout WireReader) throws(WireError) {
        self.header = header
        systemFrom = try reader.nodeID()
        ringID = try reader.ringID()
    }

    /// The encoded datagram, little-endian.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.size)
        var header = self.header
        header.type = .mergeDetect
        header.encode(into: &writer)
        writer.nodeID(systemFrom)
        writer.ringID(ringID)
        return writer.bytes
    }
}
