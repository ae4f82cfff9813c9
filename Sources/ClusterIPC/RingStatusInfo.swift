/// The reply to ``IPCKind/ringStatus``: everything `cfgtool -s` prints, and more for scripts.
///
/// Encoding, in order: `u32 local nodeid | string transport | u8 state | bool running |
/// u32 ring rep | u64 ring seq | u32 link mtu | u32 count, u32 member... |
/// u32 count, node... (``NodeStatusEntry``) | u32 count, statistic... (``IPCStatistic``)`.
public struct RingStatusInfo: Hashable, Sendable {
    /// This node's id.
    public var localNodeID: UInt32
    /// `totem.transport` (always `udpu` here).
    public var transport: String
    /// The SRP membership state.
    public var state: RingMembershipState
    /// False when the ring's loop has stopped.
    public var running: Bool
    /// The current ring id's representative.
    public var ringRep: UInt32
    /// The current ring id's sequence number.
    public var ringSeq: UInt64
    /// The payload budget of one packet (corosync's "Maximum network MTU", 1410 by default).
    public var linkMTU: UInt32
    /// Members of the current regular configuration, ascending.
    public var members: [UInt32]
    /// Every nodelist node, ascending by node id.
    public var nodes: [NodeStatusEntry]
    /// SRP and runtime counters, keyed as corosync's stats map.
    public var statistics: [IPCStatistic]

    /// Creates a status.
    public init(
        localNodeID: UInt32, transport: String, state: RingMembershipState, running: Bool, ringRep: UInt32,
        ringSeq: UInt64, linkMTU: UInt32, members: [UInt32], nodes: [NodeStatusEntry], statistics: [IPCStatistic]
    ) {
        self.localNodeID = localNodeID
        self.transport = transport
        self.state = state
        self.running = running
        self.ringRep = ringRep
        self.ringSeq = ringSeq
        self.linkMTU = linkMTU
        self.members = members
        self.nodes = nodes
        self.statistics = statistics
    }

    /// The ring id as corosync prints it: `rep.seq` in hex.
    public var ringID: String { String(ringRep, radix: 16) + "." + String(ringSeq, radix: 16) }

    /// The node list part of this status (the reply to ``IPCKind/nodeList``).
    public var nodeList: NodeListInfo {
        NodeListInfo(localNodeID: localNodeID, transport: transport, linkMTU: linkMTU, nodes: nodes)
    }

    /// Encodes the body.
    public func encode(_ writer: inout IPCWriter) {
        writer.u32(localNodeID)
        writer.string(transport)
        writer.u8(state.rawValue)
        writer.bool(running)
        writer.u32(ringRep)
        writer.u64(ringSeq)
        writer.u32(linkMTU)
        writer.array(members) { $0.u32($1) }
        writer.array(nodes) { $1.encode(&$0) }
        writer.array(statistics) { $1.encode(&$0) }
    }

    /// Decodes the body (the caller checks that nothing is left).
    public static func decode(_ reader: inout IPCReader) throws(IPCError) -> RingStatusInfo {
        let local = try reader.u32("localNodeID")
        let transport = try reader.string("transport")
        let rawState = try reader.u8("state")
        guard let state = RingMembershipState(rawValue: rawState) else {
            throw .invalidValue(field: "state", value: UInt64(rawState))
        }
        return RingStatusInfo(
            localNodeID: local, transport: transport, state: state, running: try reader.bool("running"),
            ringRep: try reader.u32("ringRep"), ringSeq: try reader.u64("ringSeq"), linkMTU: try reader.u32("linkMTU"),
            members: try reader.array("members", minimumElementSize: 4) { (r: inout IPCReader) throws(IPCError) in try r.u32("member") },
            nodes: try reader.array("nodes", minimumElementSize: NodeStatusEntry.minimumSize, NodeStatusEntry.decode),
            statistics: try reader.array("statistics", minimumElementSize: IPCStatistic.minimumSize, IPCStatistic.decode))
    }
}
