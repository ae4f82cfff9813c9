/// An ordered multicast message (type 1): a 45-byte header and the payload.
///
/// ```
/// +0  header(13, encapsulated 2 normally, 1 for a recovery re-origination)
/// +13 u32 system_from   +17 u32 seq   +21 i32 this_seqno   +25 ring_id(12)
/// +37 u32 node_id (0)   +41 i32 guarantee (0 agreed, 1 safe)   +45 payload
/// ```
/// For `encapsulated == 1` the payload is a complete inner MCAST datagram of the old ring.
public struct Mcast: Hashable, Sendable {
    /// Size of everything before the payload.
    public static let headerSize = 45
    /// Largest datagram corosync accepts (FRAME_SIZE_MAX).
    public static let maxSize = 65_536

    /// Values of the header's `encapsulated` byte for an MCAST.
    public enum Encapsulation: UInt8, Sendable {
        /// An old-ring message re-sent inside a new-ring MCAST during RECOVERY.
        case recovery = 1
        /// A normal message.
        case normal = 2
    }

    /// The header; `nodeID` is the originator.
    public var header: TotemHeader
    /// Normal or recovery re-origination.
    public var encapsulation: Encapsulation
    /// The originator (same as the header's node id).
    public var systemFrom: NodeID
    /// Ring-wide total-order sequence number.
    public var seq: UInt32
    /// The sender's local running counter; informational.
    public var thisSeqno: Int32
    /// The ring in which `seq` was assigned.
    public var ringID: RingID
    /// Always 0 in corosync; never read.
    public var nodeIDField: UInt32
    /// 0 agreed, 1 safe (corosync carries it but ignores it; we honour it).
    public var guarantee: Int32
    /// The totempg packet, or the inner MCAST datagram for a re-origination.
    public var payload: [UInt8]

    /// Creates an MCAST.
    public init(
        sender: NodeID, seq: UInt32, thisSeqno: Int32, ringID: RingID, guarantee: Int32 = 0,
        encapsulation: Encapsulation = .normal, payload: [UInt8]
    ) {
        self.header = TotemHeader(type: .mcast, encapsulated: encapsulation.rawValue, nodeID: sender)
        self.encapsulation = encapsulation
        self.systemFrom = sender
        self.seq = seq
        self.thisSeqno = thisSeqno
        self.ringID = ringID
        self.nodeIDField = 0
        self.guarantee = guarantee
        self.payload = payload
    }

    init(header: TotemHeader, body reader: inout WireReader) throws(WireError) {
        guard reader.bytes.count <= Self.maxSize else {
            throw .oversized(size: reader.bytes.count, limit: Self.maxSize)
        }
        guard let encapsulation = Encapsulation(rawValue: header.encapsulated) else {
            throw .invalidField(field: "encapsulated", value: Int64(header.encapsulated))
        }
        self.header = header
        self.encapsulation = encapsulation
        systemFrom = try reader.nodeID()
        seq = try reader.u32()
        thisSeqno = try reader.i32()
        ringID = try reader.ringID()
        nodeIDField = try reader.u32()
        guarantee = try reader.i32()
        payload = reader.rest()
    }

    /// The encoded datagram, little-endian.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.headerSize + payload.count)
        var header = self.header
        header.type = .mcast
        header.encapsulated = encapsulation.rawValue
        header.encode(into: &writer)
        writer.nodeID(systemFrom)
        writer.u32(seq)
        writer.i32(thisSeqno)
        writer.ringID(ringID)
        writer.u32(nodeIDField)
        writer.i32(guarantee)
        writer.bytes(payload)
        return writer.bytes
    }
}
