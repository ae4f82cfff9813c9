/// A membership join (type 3): 33 + 4·(p+f) bytes. With header node id 0 it is a LEAVE.
///
/// ```
/// +0  header(13)   +13 u32 system_from   +17 u32 proc_list_entries (p)
/// +21 u32 failed_list_entries (f)        +25 u64 ring_seq
/// +33 proc_list[p] (u32 each)            +33+4p failed_list[f] (u32 each)
/// ```
/// Both lists are sets; corosync sends them in insertion order and so do we.
public struct Join: Hashable, Sendable {
    /// Most entries per list a patched corosync 3.1.7 accepts (PROCESSOR_COUNT_MAX).
    public static let maxListEntries = 384
    /// Size without list entries.
    public static let fixedSize = 33

    /// The header; `nodeID` is the sender, or 0 in a LEAVE.
    public var header: TotemHeader
    /// The real sender, also in a LEAVE.
    public var systemFrom: NodeID
    /// Seq of the sender's current (or last) ring id.
    public var ringSeq: UInt64
    /// Nodes the sender believes are (or should be) in the membership.
    public var procList: [NodeID]
    /// Nodes the sender believes have failed.
    public var failedList: [NodeID]

    /// Creates a join (or, with `leave`, the LEAVE message of an orderly shutdown).
    public init(sender: NodeID, ringSeq: UInt64, procList: [NodeID], failedList: [NodeID], leave: Bool = false) {
        self.header = TotemHeader(type: .join, nodeID: leave ? 0 : sender)
        self.systemFrom = sender
        self.ringSeq = ringSeq
        self.procList = procList
        self.failedList = failedList
    }

    /// True for the LEAVE form (header node id 0).
    public var isLeave: Bool { header.nodeID.rawValue == 0 }

    init(header: TotemHeader, body reader: inout WireReader) throws(WireError) {
        self.header = header
        systemFrom = try reader.nodeID()
        let procCount = try reader.u32()
        let failedCount = try reader.u32()
        ringSeq = try reader.u64()
        for (name, count) in [("proc_list_entries", procCount), ("failed_list_entries", failedCount)]
        where count > Self.maxListEntries {
            throw .countOutOfRange(field: name, value: Int64(count), limit: Self.maxListEntries)
        }
        try reader.require(4 * (Int(procCount) + Int(failedCount)))
        var proc: [NodeID] = []
        for _ in 0..<procCount { proc.append(try reader.nodeID()) }
        var failed: [NodeID] = []
        for _ in 0..<failedCount { failed.append(try reader.nodeID()) }
        procList = proc
        failedList = failed
    }

    /// The encoded datagram, little-endian.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: Self.fixedSize + 4 * (procList.count + failedList.count))
        var header = self.header
        header.type = .join
        header.encode(into: &writer)
        writer.nodeID(systemFrom)
        writer.u32(UInt32(procList.count))
        writer.u32(UInt32(failedList.count))
        writer.u64(ringSeq)
        for node in procList { writer.nodeID(node) }
        for node in failedList { writer.nodeID(node) }
        return writer.bytes
    }
}
