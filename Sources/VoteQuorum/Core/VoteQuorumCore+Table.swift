import Totem

extension VoteQuorumCore {
    /// The index of `id`'s record in the node table.
    func index(of id: NodeID) -> Int? { nodes.firstIndex { $0.nodeID == id } }

    /// `id`'s record, if any.
    func record(_ id: NodeID) -> NodeRecord? { index(of: id).map { nodes[$0] } }

    /// Our own record (always present).
    var us: NodeRecord {
        get {
            guard let index = index(of: nodeID) else {
                preconditionFailure("votequorum: own node \(nodeID) missing from table \(nodes)")
            }
            return nodes[index]
        }
        set {
            guard let index = index(of: nodeID) else {
                preconditionFailure("votequorum: own node \(nodeID) missing from table \(nodes)")
            }
            nodes[index] = newValue
        }
    }

    /// Inserts a zeroed record for `id` in corosync's order (`allocate_node`) and returns its index.
    mutating func allocate(_ id: NodeID) -> Int {
        let record = NodeRecord(nodeID: id, state: nil, votes: 0, expectedVotes: 0, flags: [])
        let position = nodes.firstIndex { id.signedOrder < $0.nodeID.signedOrder } ?? nodes.endIndex
        nodes.insert(record, at: position)
        return position
    }

    /// NODEINFO about `id` (0 = the quorum device) as `votequorum_exec_send_nodeinfo` builds it.
    func nodeInfo(about id: NodeID) -> NodeInfo {
        if id.rawValue == 0 { return NodeInfo(nodeID: id, votes: deviceVotes, expectedVotes: 0, flags: []) }
        let node = record(id) ?? NodeRecord(nodeID: id, state: nil, votes: 0, expectedVotes: 0, flags: [])
        return NodeInfo(nodeID: id, votes: node.votes, expectedVotes: node.expectedVotes, flags: node.flags)
    }

    /// `update_wait_for_all_status`: the global and our WFASTATUS flag together.
    mutating func setWaitForAllStatus(_ pending: Bool) {
        waitForAllStatus = pending
        if pending { us.flags.insert(.waitForAllStatus) } else { us.flags.remove(.waitForAllStatus) }
    }

    /// `update_node_expected_votes`: every MEMBER's expected votes become `value` (0 = no-op).
    mutating func setMembersExpectedVotes(_ value: UInt32) {
        guard value != 0 else { return }
        for index in nodes.indices where nodes[index].isMember { nodes[index].expectedVotes = value }
    }
}
