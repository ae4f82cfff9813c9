/// One retransmit request carried by the ORF token: "someone please re-send `seq` of `ringID`".
public struct RetransmitItem: Hashable, Sendable {
    /// The ring the missing message belongs to.
    public var ringID: RingID
    /// The missing message's sequence number.
    public var seq: UInt32

    /// Creates a retransmit request.
    public init(ringID: RingID, seq: UInt32) {
        self.ringID = ringID
        self.seq = seq
    }

    /// Encoded size in bytes.
    public static let wireSize = 16
}

/// The ordering, reliability and flow-control token (type 0): 57 + 16·n bytes.
///
/// ```
/// +0  header(13)   +13 u32 seq        +17 u32 token_seq   +21 u32 aru     +25 u32 aru_addr
/// +29 ring_id(12)  +41 u32 backlog    +45 u32 fcc         +49 i32 retrans_flg
/// +53 i32 rtr_list_entries (0...30)   +57 rtr_list[n] (ring_id(12) + u32 seq each)
/// ```
public struct OrfToken: Hashable, Sendable {
    /// Most retransmit requests one token may carry (RETRANSMIT_ENTRIES_MAX).
    public static let maxRetransmitItems = 30
    /// Largest token a patched corosync 3.1.7 accepts.
    public static let maxSize = 1500
    /// Size without retransmit items.
    public static let fixedSize = 57

    /// The header (`nodeID` is the node that last forwarded the token).
    public var header: TotemHeader
    /// Highest message seq assigned so far on this ring.
    public var seq: UInt32
    /// Incremented by every node that accepts and forwards the token.
    public var tokenSeq: UInt32
    /// The ring-wide "all received up to" mark being computed this rotation.
    public var aru: UInt32
    /// The node that last lowered `aru`, or 0 when `aru == seq`.
    public var aruAddr: NodeID
    /// The ring this token belongs to.
    public var ringID: RingID
    /// Sum of all nodes' pending-send queue lengths.
    public var backlog: UInt32
    /// Messages (new and retransmitted) sent during the last rotation.
    public var fcc: UInt32
    /// Used only in RECOVERY: some node still has old-ring messages to re-originate.
    public var retransFlag: Int32
    /// Retransmit requests.
    public var rtrList: [RetransmitItem]

    /// Creates a token.
    public init(
        sender: NodeID, seq: UInt32, tokenSeq: UInt32, aru: UInt32, aruAddr: NodeID, ringID: RingID,
        backlog: UInt32 = 0, fcc: UInt32 = 0, retransFlag: Int32 = 0, rtrList: [RetransmitItem] = []
    ) {
        self.header = TotemHeader(type: .orfToken, nodeID: sender)
        self.seq = seq
        self.tokenSeq = tokenSeq
        self.aru = aru
        self.aruAddr = aruAddr
        self.ringID = ringID
        self.backlog = backlog
        self.fcc = fcc
        self.retransFlag = retransFlag
        self.rtrList = rtrList
    }

    init(header: TotemHeader, body reader: inout WireReader) throws(WireError) {
        guard reader.bytes.count <= Self.maxSize else {
            throw .oversized(size: reader.bytes.count, limit: Self.maxSize)
        }
        self.header = header
        seq = try reader.u32()
        tokenSeq = try reader.u32()
        aru = try reader.u32()
        aruAddr = try reader.nodeID()
        ringID = try reader.ringID()
        backlog = try reader.u32()
        fcc = try reader.u32()
        retransFlag = try reader.i32()
        let count = try reader.i32()
        guard count >= 0, count <= Self.maxRetransmitItems else {
            throw .countOutOfRange(field: "rtr_list_entries", value: Int64(count), limit: Self.maxRetransmitItems)
        }
        try reader.require(Int(count) * RetransmitItem.wireSize)
        var items: [RetransmitItem] = []
        items.reserveCapacity(Int(count))
        for _ in 0..<count {
            let ring = try reader.ringID()
            items.append(RetransmitItem(ringID: ring, seq: try reader.u32()))
        }
        rtrList = items
    }

    /// The encoded datagram, little-endian.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.fixedSize + rtrList.count * RetransmitItem.wireSize)
        var header = self.header
        header.type = .orfToken
        header.encode(into: &writer)
        writer.u32(seq)
        writer.u32(tokenSeq)
        writer.u32(aru)
        writer.nodeID(aruAddr)
        writer.ringID(ringID)
        writer.u32(backlog)
        writer.u32(fcc)
        writer.i32(retransFlag)
        writer.i32(Int32(rtrList.count))
        for item in rtrList {
            writer.ringID(item.ringID)
            writer.u32(item.seq)
        }
        return writer.bytes
    }
}
