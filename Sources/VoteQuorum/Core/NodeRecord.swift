import Totem

/// One entry of votequorum's node table (`struct cluster_node`).
struct NodeRecord: Hashable, Sendable {
    /// The node.
    var nodeID: NodeID
    /// MEMBER, DEAD or LEAVING; `nil` for an entry that was allocated but never filled
    /// (corosync's zeroed state), which counts as neither.
    var state: NodeState?
    /// Its votes.
    var votes: UInt32
    /// Its expected votes as this node accounts them.
    var expectedVotes: UInt32
    /// Its last announced flags.
    var flags: NodeInfoFlags

    /// True when the record counts in quorum calculations.
    var isMember: Bool { state == .member }
}

extension NodeID {
    /// The node id as corosync's `int node_id` orders it (signed comparison).
    var signedOrder: Int32 { Int32(bitPattern: rawValue) }
}
