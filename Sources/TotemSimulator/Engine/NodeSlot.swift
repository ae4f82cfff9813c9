import Totem

/// One node's place in the simulation: its core (when running), its process state and what
/// survives a crash (the persisted ring seq, the submission counter).
struct NodeSlot<Node: SimulatedNode>: Sendable {
    /// Most bytes a paused node's socket buffer holds (corosync asks for 2 MiB); more is dropped.
    static var inboxLimit: Int { 2 << 20 }

    let id: NodeID
    var core: Node?
    var status: NodeStatus = .down
    /// Bumped at every start and stop; timer events of older incarnations are ignored.
    var incarnation = 0
    /// Bumped at every pause, resume, crash and start; stale resume/start events are ignored.
    var epoch = 0
    var persistedRingSeq: UInt64 = 0
    var inbox: [[UInt8]] = []
    var inboxBytes = 0
    var scheduledDeadline: Instant?
    var submitCounter: UInt64 = 0
    var pendingStart = false
    /// Bumped at every clog and unclog; stale unclog events are ignored.
    var clogEpoch = 0
    /// Whether the node's latest quorum report was quorate (for the timeline).
    var lastQuorate: Bool?
    /// ICMP errors this node's host may still send at once (``Simulation/icmpBurst`` at most),
    /// and when the bucket last gained a token (one per second).
    var icmpTokens = 6
    var icmpRefilledAt = Instant.zero

    init(id: NodeID) { self.id = id }
}
