import Totem

/// Invariant 5 (liveness), evaluated once faults have stopped.
///
/// It answers two questions: has one regular configuration formed that contains exactly the
/// live nodes (``convergedRing(liveNodes:)``), and, at the end (``finalViolations(liveNodes:probes:at:)``),
/// was every message delivered that must be: each message submitted by a node whose
/// incarnation survived until the end is delivered by that node, and each probe (a message
/// submitted after convergence) is delivered by every live node.
public struct LivenessChecker: InvariantChecker {
    private var incarnation: [NodeID: Int] = [:]
    private var submittedBy: [(id: MessageID, incarnation: Int, time: Instant)] = []
    private var delivered: [NodeID: Set<MessageID>] = [:]
    private var configuration: [NodeID: ConfigurationChange] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``. Never reports by itself.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _):
            incarnation[node, default: 0] += 1
            configuration[node] = nil
        case .stopped(let node):
            incarnation[node, default: 0] += 1
            configuration[node] = nil
        case .submitted(let tag):
            submittedBy.append((tag.id, incarnation[tag.id.sender, default: 0], time))
        case .effect(let node, .deliver(let message)):
            if let tag = PayloadTag.decode(message.payload) { delivered[node, default: []].insert(tag.id) }
        case .effect(let node, .configurationChanged(let change)):
            configuration[node] = change
        case .receivedMcast, .effect(_, .send), .effect(_, .persistRingSeq), .effect(_, .dropped):
            break
        }
        return []
    }

    /// The ring id of the regular configuration every live node has installed last, when that
    /// configuration is the same for all of them and its members are exactly `liveNodes`.
    public func convergedRing(liveNodes: [NodeID]) -> RingID? {
        guard let first = liveNodes.first, let change = configuration[first], change.kind == .regular,
            change.members == liveNodes.sorted()
        else { return nil }
        for node in liveNodes.dropFirst() {
            guard let other = configuration[node], other.kind == .regular, other.ringID == change.ringID,
                other.members == change.members
            else { return nil }
        }
        return change.ringID
    }

    /// The latest configuration each node installed (nil for none since its last start), for
    /// failure reports.
    public func lastConfiguration(of node: NodeID) -> ConfigurationChange? { configuration[node] }

    /// True when `node` delivered `id` (in any incarnation).
    public func hasDelivered(_ node: NodeID, _ id: MessageID) -> Bool { delivered[node]?.contains(id) ?? false }

    /// True when every live node has delivered every probe and every surviving submitter its own
    /// messages: the end condition of the liveness phase.
    public func allDelivered(liveNodes: [NodeID], probes: [MessageID]) -> Bool {
        finalViolations(liveNodes: liveNodes, probes: probes, at: .zero).isEmpty
    }

    /// What was not delivered that must have been (see the type's documentation).
    public func finalViolations(liveNodes: [NodeID], probes: [MessageID], at time: Instant) -> [Violation] {
        var violations: [Violation] = []
        let live = Set(liveNodes)
        for submission in submittedBy
        where live.contains(submission.id.sender) && incarnation[submission.id.sender, default: 0] == submission.incarnation
            && !hasDelivered(submission.id.sender, submission.id)
        {
            violations.append(Violation(.liveness, at: time, node: submission.id.sender,
                "never delivered its own message \(submission.id), submitted at t=\(submission.time) by this same incarnation"))
            if violations.count >= 10 { return violations }
        }
        for probe in probes {
            let missing = liveNodes.filter { !hasDelivered($0, probe) }
            if !missing.isEmpty {
                violations.append(Violation(.liveness, at: time, node: nil,
                    "probe \(probe), submitted after convergence, was not delivered by nodes \(missing)"))
            }
        }
        return violations
    }
}
