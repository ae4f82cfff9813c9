import Totem
import VoteQuorum

/// Quorum invariant: at most one partition is quorate. Whenever a node reports a quorate
/// state, every other node whose latest report is quorate must share a member with it: two
/// quorate claims over disjoint memberships are a split brain.
///
/// A claim is the membership the quorum decision was made for (``QuorumState/members``), which
/// is what corosync's quorum API tells applications; a node keeps its claim until it reports
/// again or stops. (Between a new ring and the end of its sync a node still reports the
/// previous decision, as corosync does; that claim is over the previous, larger membership.)
///
/// A claim made before the node was in any ring (corosync reports the start-up decision with no
/// members: a node holding a majority of the votes is quorate at once) is over the node alone.
///
/// Not for two_node, whose promise is different (see ``WaitForAllChecker``).
public struct SplitBrainChecker: InvariantChecker {
    private var claims: [NodeID: QuorumState] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _), .stopped(let node):
            claims[node] = nil
        case .quorumChanged(let node, let state):
            guard state.quorate else {
                claims[node] = nil
                return []
            }
            claims[node] = state
            let mine = Self.claimed(by: node, state)
            var violations: [Violation] = []
            for (other, claim) in claims.sorted(by: { $0.key < $1.key }) where other != node {
                let theirs = Self.claimed(by: other, claim)
                if !mine.contains(where: theirs.contains) {
                    violations.append(Violation(.splitBrain, at: time, node: node,
                        "quorate in ring \(state.ringID) with members \(mine) (votes \(state.totalVotes), expected \(state.expectedVotes), quorum \(state.quorum)), while node \(other) is quorate in ring \(claim.ringID) with disjoint members \(theirs) (votes \(claim.totalVotes), expected \(claim.expectedVotes), quorum \(claim.quorum))"))
                }
            }
            return violations
        case .submitted, .receivedMcast, .effect, .cpg, .status, .syncCompleted:
            break
        }
        return []
    }

    /// The nodes a quorate report speaks for: its members, or the node alone before any ring.
    static func claimed(by node: NodeID, _ state: QuorumState) -> [NodeID] {
        state.members.isEmpty ? [node] : state.members.map(\.nodeID)
    }
}
