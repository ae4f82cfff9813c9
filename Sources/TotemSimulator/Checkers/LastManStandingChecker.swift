import Totem
import VoteQuorum

/// Quorum invariant for last_man_standing: a node's expected votes shrink only once the
/// window has elapsed since its latest regular configuration that arms votequorum's timer:
/// one that lost members and kept at least `quorum` of them or, with auto_tie_breaker, one of
/// at most `quorum` members (corosync's `votequorum_sync_init` also arms it then, when the
/// tie-breaking node is present; the checker does not judge that part). Without last_man_standing they never shrink.
///
/// One shrink needs no window of its own: a node that is not quorate takes the expected votes
/// of a quorate member of its configuration, as corosync's NODEINFO handler sets
/// `us->expected_votes` from a quorate sender while `cluster_is_quorate` is false. A node that
/// rejoins members whose window already lowered their expected votes so takes theirs at once
/// (simulator seed 2173), also from a member that was quorate when the configuration formed
/// and lost quorum at the end of its sync (seed 683), and by a node that lost quorum within the
/// sync, on a NODEINFO processed before the quorate member's (seed 2409).
///
/// Expected votes an operator raised above the nodelist's total (`corosync-quorumtool -e`) may
/// fall back to any value not below that total: a RECONFIGURE is runtime-only, so a node that
/// restarts or missed it runs with the configured value, and a node that is not quorate takes
/// it from a quorate one (simulator seeds 106, 130). Only shrinks below the total are judged.
public struct LastManStandingChecker: InvariantChecker {
    private struct NodeView: Sendable {
        var members: [NodeID]?
        var lastArm: Instant?
        var expectedVotes: UInt32?
        var quorum: UInt32?
        var quorate = false
        /// Quorate and expected votes when the node installed its latest regular
        /// configuration: what its NODEINFO in that configuration's sync carries.
        var quorateAtChange = false
        var expectedVotesAtChange: UInt32?
    }

    /// The window, or nil when last_man_standing is off.
    public let window: Duration?
    /// Whether auto_tie_breaker is on (small configurations arm the timer too).
    public let tieBreaker: Bool
    /// The nodelist's total votes: shrinks that stay at or above it are not judged (0: all are).
    public let configuredTotal: UInt32
    private var views: [NodeID: NodeView] = [:]

    /// A checker for `window` (nil: last_man_standing off, expected votes never shrink), with
    /// or without auto_tie_breaker, over a nodelist of `configuredTotal` votes (0: unknown).
    public init(window: Duration?, tieBreaker: Bool = false, configuredTotal: UInt32 = 0) {
        self.window = window
        self.tieBreaker = tieBreaker
        self.configuredTotal = configuredTotal
    }

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _), .stopped(let node):
            views[node] = NodeView()
        case .effect(let node, .configurationChanged(let change)) where change.kind == .regular:
            var view = views[node] ?? NodeView()
            if let previous = view.members, previous.contains(where: { !change.members.contains($0) }) {
                // corosync re-arms only when at least `quorum` members remain; a smaller ring's
                // loss leaves an earlier timer running (seed 2632).
                if UInt32(change.members.count) >= view.quorum ?? 0 || view.lastArm == nil {
                    view.lastArm = time
                }
            }
            if tieBreaker, UInt32(change.members.count) <= view.quorum ?? UInt32.max { view.lastArm = time }
            view.members = change.members
            view.quorateAtChange = view.quorate
            view.expectedVotesAtChange = view.expectedVotes
            views[node] = view
        case .quorumChanged(let node, let state):
            var view = views[node] ?? NodeView()
            defer { views[node] = view }
            let previous = view.expectedVotes
            let wasQuorate = view.quorate
            view.expectedVotes = state.expectedVotes
            view.quorum = state.quorum
            view.quorate = state.quorate
            guard let previous, state.expectedVotes < previous,
                state.expectedVotes < configuredTotal || configuredTotal == 0
            else { return [] }
            // Not quorate when it took the value: before this report, or since a NODEINFO of
            // this sync made it inquorate before a quorate member's arrived (seed 2409).
            if !wasQuorate || !state.quorate, quorateMember(of: view, other: node, holds: state.expectedVotes) {
                return []
            }
            guard let window else {
                return [
                    Violation(
                        .lastManStanding, at: time, node: node,
                        "expected votes shrank from \(previous) to \(state.expectedVotes) without last_man_standing")
                ]
            }
            guard let loss = view.lastArm, time >= loss + window else {
                let since =
                    view.lastArm.map {
                        "only \(FaultSettings.format(time - $0)) after the membership change that armed the timer"
                    } ?? "without any membership change that arms the timer"
                return [
                    Violation(
                        .lastManStanding, at: time, node: node,
                        "expected votes shrank from \(previous) to \(state.expectedVotes) \(since) (window \(FaultSettings.format(window)))"
                    )
                ]
            }
        case .submitted, .receivedMcast, .effect, .cpg, .status, .syncCompleted:
            break
        }
        return []
    }

    /// Whether a member of `view`'s configuration other than `node` last reported quorate with
    /// `expectedVotes`, or was so when it installed this configuration: its NODEINFO in the
    /// sync carries that state even when the sync's end makes it inquorate before this node
    /// takes the value (simulator seed 683).
    private func quorateMember(of view: NodeView, other node: NodeID, holds expectedVotes: UInt32) -> Bool {
        (view.members ?? []).contains { member in
            guard member != node, let peer = views[member] else { return false }
            return (peer.quorate && peer.expectedVotes == expectedVotes)
                || (peer.quorateAtChange && peer.expectedVotesAtChange == expectedVotes)
        }
    }
}
