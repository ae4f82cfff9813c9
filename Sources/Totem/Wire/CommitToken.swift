/// One member's entry in the commit token: its state in the ring it comes from.
public struct CommitMemberEntry: Hashable, Sendable {
    /// The member's previous (old) ring id.
    public var ringID: RingID
    /// Its aru in the old ring.
    public var aru: UInt32
    /// Highest old-ring seq it delivered.
    public var highDelivered: UInt32
    /// 1 if it had no gap in the old ring; later members may lower it to 0.
    public var receivedFlag: UInt32

    /// Creates an entry.
    public init(ringID: RingID, aru: UInt32, highDelivered: UInt32, receivedFlag: UInt32) {
        self.ringID = ringID
        self.aru = aru
        self.highDelivered = highDelivered
        self.receivedFlag = receivedFlag
    }

    /// An unfilled entry (all zero).
    public static let empty = CommitMemberEntry(ringID: .zero, aru: 0, highDelivered: 0, receivedFlag: 0)

    /// Encoded size in bytes.
    public static let wireSize = 24
}

/// The commit token that installs a new ring (type 4): 41 + 28·n bytes.
///
/// ```
/// +0  header(13)  +13 u32 token_seq  +17 ring_id(12) of the new ring  +29 u32 retrans_flg (0)
/// +33 i32 memb_index  +37 i32 addr_entries (n)  +41 addr[n] (u32, ascending = ring order)
/// +41+4n memb_list[n] (ring_id(12), u32 aru, u32 high_delivered, u32 received_flg)
/// ```
/// In a byte-swapped token, member entries whose `ring_id.rep` is 0 are read without
/// swapping, as corosync's `memb_commit_token_endian_convert` leaves them.
public struct CommitToken: Hashable, Sendable {
    /// Most members a ring may have (PROCESSOR_COUNT_MAX).
    public static let maxMembers = 384
    /// Size without members.
    public static let fixedSize = 41

    /// The header; `nodeID` is the last forwarder.
    public var header: TotemHeader
    /// +1 on every transmission.
    public var tokenSeq: UInt32
    /// The new ring being installed.
    public var ringID: RingID
    /// Always 0 (unused by corosync).
    public var retransFlag: UInt32
    /// Number of members that have filled their entry.
    public var membIndex: Int32
    /// The new members, ascending.
    public var addr: [NodeID]
    /// Per-member state, same index as `addr`.
    public var members: [CommitMemberEntry]

    /// Creates a commit token with every member entry unfilled.
    public init(sender: NodeID, tokenSeq: UInt32, ringID: RingID, addr: [NodeID]) {
        self.header = TotemHeader(type: .commitToken, nodeID: sender)
        self.tokenSeq = tokenSeq
        self.ringID = ringID
        self.retransFlag = 0
        self.membIndex = 0
        self.addr = addr
        self.members = Array(repeating: .empty, count: addr.count)
    }

    init(header: TotemHeader, body reader: inout WireReader) throws(WireError) {
        self.header = header
        tokenSeq = try reader.u32()
        ringID = try reader.ringID()
        retransFlag = try reader.u32()
        membIndex = try reader.i32()
        let count = try reader.i32()
        guard count >= 0, count <= Self.maxMembers else {
            throw .countOutOfRange(field: "addr_entries", value: Int64(count), limit: Self.maxMembers)
        }
        guard membIndex >= 0, membIndex <= count else {
            throw .invalidField(field: "memb_index", value: Int64(membIndex))
        }
        try reader.require(Int(count) * (4 + CommitMemberEntry.wireSize))
        var addr: [NodeID] = []
        for _ in 0..<count { addr.append(try reader.nodeID()) }
        var members: [CommitMemberEntry] = []
        let swapped = reader.swapped
        for _ in 0..<count {
            // corosync converts a member entry only if its rep is non-zero (an unfilled entry
            // is left as it is), so a rep-0 entry of a big-endian token is read unswapped.
            if swapped, reader.bytes[reader.offset..<(reader.offset + 4)].allSatisfy({ $0 == 0 }) {
                reader.swapped = false
            }
            let ring = try reader.ringID()
            let aru = try reader.u32()
            let delivered = try reader.u32()
            let received = try reader.u32()
            reader.swapped = swapped
            members.append(CommitMemberEntry(ringID: ring, aru: aru, highDelivered: delivered, receivedFlag: received))
        }
        self.addr = addr
        self.members = members
    }

    /// The encoded datagram, little-endian.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.fixedSize + addr.count * (4 + CommitMemberEntry.wireSize))
        var header = self.header
        header.type = .commitToken
        header.encode(into: &writer)
        writer.u32(tokenSeq)
        writer.ringID(ringID)
        writer.u32(retransFlag)
        writer.i32(membIndex)
        writer.i32(Int32(addr.count))
        for node in addr { writer.nodeID(node) }
        for index in addr.indices {
            let entry = index < members.count ? members[index] : .empty
            writer.ringID(entry.ringID)
            writer.u32(entry.aru)
            writer.u32(entry.highDelivered)
            writer.u32(entry.receivedFlag)
        }
        return writer.bytes
    }
}
