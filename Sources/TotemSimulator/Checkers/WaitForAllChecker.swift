import Totem
import VoteQuorum

/// Quorum invariant for wait_for_all (and two_node, which implies it): a node is quorate only
/// once it has been in a regular configuration with all nodes during its current incarnation,
/// or in one with a node that had (votequorum clears wait_for_all on a NODEINFO from a quorate
/// peer past it). After a full-cluster cold start, no node is quorate before some node has
/// seen every node.
///
/// For two_node this is the whole promise: both halves of a split may stay quorate, but only
/// nodes that were in the two-node configuration before it. A one-node cluster is the
/// exception: its node holds every vote from the start and is quorate at once, as in corosync.
public struct WaitForAllChecker: InvariantChecker {
    /// The nodelist.
    public let nodes: [NodeID]
    private var ready: Set<NodeID> = []

    /// A checker for the nodelist `nodes`.
    public init(nodes: [NodeID]) {
        self.nodes = nodes.sorted()
    }

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _):
            // Alone in the nodelist, a node has all the votes there are from the start:
            // votequorum's start-up calculation clears wait_for_all at once (corosync's
            // `votequorum_exec_init_fn` runs `recalculate_quorum` before any ring forms).
            if nodes == [node] { ready.insert(node) } else { ready.remove(node) }
        case .stopped(let node):
            ready.remove(node)
        case .effect(let node, .configurationChanged(let change)) where change.kind == .regular:
            if change.members.sorted() == nodes || change.members.contains(where: { $0 != node && ready.contains($0) }) {
                ready.insert(node)
            }
        case .quorumChanged(let node, let state):
            if state.quorate && !ready.contains(node) {
                return [Violation(.waitForAll, at: time, node: node,
                    "quorate in ring \(state.ringID) with members \(state.members.map(\.nodeID)) before having been in a configuration with all nodes \(nodes) (or with a node that had) since it started")]
            }
        case .submitted, .receivedMcast, .effect, .cpg, .status, .syncCompleted:
            break
        }
        return []
    }
}
