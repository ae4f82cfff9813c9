import Totem

/// Quorum invariant for what tools show (``StatusView``): at no instant do two nodes' status
/// views show quorate over disjoint member sets; the same rule as ``SplitBrainChecker`` applied
/// to `corosync-quorumtool`'s view instead of the quorum API's notifications.
///
/// A view holds from the moment a node shows it until it shows another one, stops or restarts:
/// a paused node, or one whose sync stalls, keeps showing its last completed configuration, and
/// that counts. Such a stale view is over an older, larger membership, which can only
/// overlap more. A view before the first completed sync lists the node alone (a node holding a
/// majority of the votes is quorate at start, as with notifications).
///
/// Not for two_node (whose halves may both stay quorate).
public struct StatusSplitBrainChecker: InvariantChecker {
    private var claims: [NodeID: StatusView] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _), .stopped(let node):
            claims[node] = nil
        case .status(let node, let view):
            guard view.quorate else {
                claims[node] = nil
                return []
            }
            claims[node] = view
            let mine = view.members.isEmpty ? [node] : view.members
            var violations: [Violation] = []
            for (other, claim) in claims.sorted(by: { $0.key < $1.key }) where other != node {
                let theirs = claim.members.isEmpty ? [other] : claim.members
                if !mine.contains(where: theirs.contains) {
                    violations.append(Violation(.statusSplitBrain, at: time, node: node,
                        "shows \(view), while node \(other) shows \(claim): disjoint quorate memberships"))
                }
            }
            return violations
        case .submitted, .receivedMcast, .effect, .quorumChanged, .cpg, .syncCompleted:
            break
        }
        return []
    }
}
