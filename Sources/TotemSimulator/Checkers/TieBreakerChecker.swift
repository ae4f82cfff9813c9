import Totem
import VoteQuorum

/// Quorum invariant for auto_tie_breaker: when a node that was quorate with all nodes finds
/// itself quorate in a partition holding exactly half the votes, that partition holds the
/// chosen node (the lowest, the highest, or the first listed one; all were present before the
/// split, so corosync's "seen when last quorate" is that node).
public struct TieBreakerChecker: InvariantChecker {
    /// The nodelist.
    public let nodes: [NodeID]
    /// Votes per node.
    public let votes: [NodeID: UInt32]
    /// The node whose side wins an even split.
    public let chosen: NodeID
    private var lastQuorate: [NodeID: [NodeID]] = [:]

    /// A checker for `tieBreaker` over `nodes` with `votes`; nil when `tieBreaker` is `.none`
    /// (or a list naming no node of the nodelist).
    public init?(tieBreaker: TieBreaker, nodes: [NodeID], votes: [NodeID: UInt32]) {
        let sorted = nodes.sorted()
        let chosen: NodeID?
        switch tieBreaker {
        case .none: chosen = nil
        case .lowest: chosen = sorted.first
        case .highest: chosen = sorted.last
        case .list(let list): chosen = list.first(where: sorted.contains)
        }
        guard let chosen else { return nil }
        self.nodes = sorted
        self.votes = votes
        self.chosen = chosen
    }

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _), .stopped(let node):
            lastQuorate[node] = nil
        case .quorumChanged(let node, let state) where state.quorate:
            let members = state.members.map(\.nodeID)
            defer { lastQuorate[node] = members.sorted() }
            let total = nodes.reduce(UInt32(0)) { $0 + (votes[$1] ?? 1) }
            let mine = members.reduce(UInt32(0)) { $0 + (votes[$1] ?? 1) }
            guard lastQuorate[node] == nodes, mine * 2 == total, !members.contains(chosen) else { return [] }
            return [Violation(.autoTieBreaker, at: time, node: node,
                "quorate in ring \(state.ringID) with members \(members) holding exactly half the votes (\(mine) of \(total)) after a split of all nodes, without the tie-breaker node \(chosen)")]
        case .submitted, .receivedMcast, .effect, .quorumChanged, .cpg, .status, .syncCompleted:
            break
        }
        return []
    }
}
