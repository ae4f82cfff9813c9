import Totem
import VoteQuorum

/// Quorum invariant for last_man_standing: a node's expected votes shrink only once the
/// window has elapsed since its latest regular configuration that lost members (each such
/// change re-arms votequorum's timer). Without last_man_standing they never shrink.
public struct LastManStandingChecker: InvariantChecker {
    private struct NodeView: Sendable {
        var members: [NodeID]?
        var lastLoss: Instant?
        var expectedVotes: UInt32?
    }

    /// The window, or nil when last_man_standing is off.
    public let window: Duration?
    private var views: [NodeID: NodeView] = [:]

    /// A checker for `window` (nil: last_man_standing off, expected votes never shrink).
    public init(window: Duration?) {
        self.window = window
    }

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _), .stopped(let node):
            views[node] = NodeView()
        case .effect(let node, .configurationChanged(let change)) where change.kind == .regular:
            var view = views[node] ?? NodeView()
            if let previous = view.members, previous.contains(where: { !change.members.contains($0) }) { view.lastLoss = time }
            view.members = change.members
            views[node] = view
        case .quorumChanged(let node, let state):
            var view = views[node] ?? NodeView()
            defer { views[node] = view }
            let previous = view.expectedVotes
            view.expectedVotes = state.expectedVotes
            guard let previous, state.expectedVotes < previous else { return [] }
            guard let window else {
                return [Violation(.lastManStanding, at: time, node: node, "expected votes shrank from \(previous) to \(state.expectedVotes) without last_man_standing")]
            }
            guard let loss = view.lastLoss, time >= loss + window else {
                let since = view.lastLoss.map { "only \(FaultSettings.format(time - $0)) after the membership change that lost nodes" } ?? "without any membership change that lost nodes"
                return [Violation(.lastManStanding, at: time, node: node,
                    "expected votes shrank from \(previous) to \(state.expectedVotes) \(since) (window \(FaultSettings.format(window)))")]
            }
        case .submitted, .receivedMcast, .effect:
            break
        }
        return []
    }
}
