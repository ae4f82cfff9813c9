import Totem

/// Invariant 2 (virtual synchrony): nodes that move together from regular configuration A to
/// regular configuration B (each in the other's transitional configuration, then both in B)
/// delivered the same set of messages while A was their configuration, counting deliveries
/// after the transitional configuration and before B.
public struct VirtualSynchronyChecker: InvariantChecker {
    private struct NodeView: Sendable {
        var regular: RingID?
        var transitional: ConfigurationChange?
        var delivered: Set<MessageID> = []
    }

    private struct Move: Hashable, Sendable {
        var from: RingID
        var to: RingID
    }

    private var views: [NodeID: NodeView] = [:]
    private var moves: [Move: [(node: NodeID, transitional: [NodeID], delivered: Set<MessageID>)]] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _), .stopped(let node):
            views[node] = NodeView()
        case .effect(let node, .deliver(let message)):
            if let tag = PayloadTag.decode(message.payload) { views[node, default: NodeView()].delivered.insert(tag.id) }
        case .effect(let node, .configurationChanged(let change)) where change.kind == .transitional:
            views[node, default: NodeView()].transitional = change
        case .effect(let node, .configurationChanged(let change)):
            return installRegular(change, on: node, at: time)
        case .submitted, .receivedMcast, .effect(_, .send), .effect(_, .persistRingSeq), .effect(_, .dropped),
            .quorumChanged, .cpg, .status, .syncCompleted:
            break
        }
        return []
    }

    private mutating func installRegular(_ change: ConfigurationChange, on node: NodeID, at time: Instant) -> [Violation] {
        let view = views[node] ?? NodeView()
        views[node] = NodeView(regular: change.ringID)
        guard let from = view.regular, let transitional = view.transitional, transitional.ringID == change.ringID else {
            return []
        }
        let move = Move(from: from, to: change.ringID)
        var violations: [Violation] = []
        for other in moves[move, default: []]
        where other.transitional.contains(node) && transitional.members.contains(other.node) && other.delivered != view.delivered {
            let onlyMine = view.delivered.subtracting(other.delivered).sorted().prefix(8)
            let onlyTheirs = other.delivered.subtracting(view.delivered).sorted().prefix(8)
            violations.append(Violation(.virtualSynchrony, at: time, node: node,
                "nodes \(node) and \(other.node) moved together from \(from) to \(change.ringID) but delivered different messages in \(from): only \(node) delivered \(Array(onlyMine)), only \(other.node) delivered \(Array(onlyTheirs)) (first 8 each)"))
        }
        moves[move, default: []].append((node, transitional.members, view.delivered))
        return violations
    }
}
