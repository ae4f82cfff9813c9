import NodeCore
import Totem
import TotemSimulator

/// Hand-built cpg traces for the cpg checkers: one event per nanosecond.
struct CPGTrace {
    var events: [(TraceEvent, Instant)] = []
    var now = Instant.zero
    let group: CPGGroupName

    init(group: String = "g1") {
        // A valid name by construction.
        self.group = try! CPGGroupName(group)
    }

    mutating func add(_ event: TraceEvent) {
        now = now + .nanoseconds(1)
        events.append((event, now))
    }

    mutating func start(_ nodes: [NodeID]) {
        for node in nodes { add(.started(node, persistedRingSeq: 0)) }
    }

    /// Node `node` delivers a (cpg-carrying) message `(ring, seq)` of the ring.
    mutating func deliver(_ node: NodeID, ring: RingID, seq: UInt32) {
        let message = DeliveredMessage(
            sender: node, groups: [GroupHeader.services], payload: [], guarantee: .agreed, ringID: ring, seq: seq)
        add(.effect(node, .deliver(message)))
    }

    /// Node `node`'s member `pid` is told a membership change.
    mutating func membership(
        _ node: NodeID, pid: UInt32, members: [CPGAddress], joined: [CPGAddress] = [], left: [CPGAddress] = []
    ) {
        let change = CPGMembershipChange(
            members: members, joined: joined.map { CPGMemberChange(address: $0, reason: .join) },
            left: left.map { CPGMemberChange(address: $0, reason: .leave) })
        let recipient = CPGAddress(nodeID: node, pid: pid)
        add(.cpg(node, CPGDelivery(recipient: recipient, group: group, event: .membership(change))))
    }

    /// Node `node`'s member `pid` receives message `tag`.
    mutating func message(_ node: NodeID, pid: UInt32, _ tag: CPGTag) {
        let from = CPGAddress(nodeID: tag.node, pid: tag.pid)
        let event = CPGEvent.message(from: from, payload: tag.payload(filler: 3))
        add(.cpg(node, CPGDelivery(recipient: CPGAddress(nodeID: node, pid: pid), group: group, event: event)))
    }

    func check<C: InvariantChecker>(_ checker: C) -> [Violation] {
        var checker = checker
        return events.flatMap { checker.observe($0.0, at: $0.1) }
    }
}

/// `CPGAddress(nodeID: node, pid: pid)`.
func address(_ node: NodeID, _ pid: UInt32) -> CPGAddress { CPGAddress(nodeID: node, pid: pid) }
