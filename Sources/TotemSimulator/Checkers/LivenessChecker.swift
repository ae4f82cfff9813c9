import Totem

/// Invariant 5 (liveness), evaluated once faults have stopped.
///
/// It answers two questions: has one regular configuration formed that contains exactly the
/// live nodes (``convergedRing(liveNodes:)``), and, at the end (``finalViolations(liveNodes:probes:at:)``),
/// was every message delivered that must be: each message submitted by a node whose
/// incarnation survived until the end is delivered by that node, and each probe (a message
/// submitted after convergence) is delivered by every live node.
///
/// Bookkeeping is incremental (a set of each node's own undelivered messages), so the end
/// condition can be tested after every step of a long run.
public struct LivenessChecker: InvariantChecker {
    private var submittedAt: [MessageID: Instant] = [:]
    private var ownUndelivered: [NodeID: Set<MessageID>] = [:]
    private var delivered: [NodeID: Set<MessageID>] = [:]
    private var configuration: [NodeID: ConfigurationChange] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``. Never reports by itself.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _), .stopped(let node):
            // A new incarnation owes nothing from the previous one: its queue died with it.
            ownUndelivered[node] = nil
            configuration[node] = nil
        case .submitted(let tag):
            submittedAt[tag.id] = time
            ownUndelivered[tag.id.sender, default: []].insert(tag.id)
        case .effect(let node, .deliver(let message)):
            if let tag = PayloadTag.decode(message.payload) {
                delivered[node, default: []].insert(tag.id)
                if tag.id.sender == node { ownUndelivered[node]?.remove(tag.id) }
            }
        case .effect(let node, .configurationChanged(let change)):
            configuration[node] = change
        case .receivedMcast, .effect(_, .send), .effect(_, .persistRingSeq), .effect(_, .dropped), .quorumChanged,
            .cpg, .status, .syncCompleted:
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
        liveNodes.allSatisfy { node in
            (ownUndelivered[node]?.isEmpty ?? true) && probes.allSatisfy { hasDelivered(node, $0) }
        }
    }

    /// What was not delivered that must have been (see the type's documentation), at most 10
    /// own messages per node.
    public func finalViolations(liveNodes: [NodeID], probes: [MessageID], at time: Instant) -> [Violation] {
        var violations: [Violation] = []
        for node in liveNodes {
            for id in (ownUndelivered[node] ?? []).sorted().prefix(10) {
                let submitted = submittedAt[id].map { "\($0)" } ?? "?"
                violations.append(Violation(.liveness, at: time, node: node,
                    "never delivered its own message \(id), submitted at t=\(submitted) by this same incarnation"))
            }
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
