import Totem

extension VoteQuorumCore {
    /// `corosync-quorumtool -e V` (`votequorum_setexpected`): refused if V is below the votes
    /// present or would make a quorate cluster inquorate; otherwise every member's expected
    /// votes become V locally and RECONFIGURE(EXPECTED_VOTES) is multicast.
    public mutating func setExpectedVotes(_ expected: UInt32) throws(VoteQuorumRequestError) -> [VoteQuorumEffect] {
        let savedDownscale = allowDownscale
        allowDownscale = false
        let (newQuorum, total) = calculateQuorum(allowDecrease: true, maxExpected: expected)
        allowDownscale = savedDownscale
        if expected < total || (clusterIsQuorate && newQuorum > total) { throw .invalidParameter }
        setMembersExpectedVotes(expected)
        return [.multicast(.reconfigure(Reconfigure(nodeID: nodeID, value: expected, parameter: .expectedVotes)))]
    }

    /// `corosync-quorumtool [-n N] -v V` (`votequorum_setvotes`): refused for a node unknown to
    /// votequorum, or if the resulting quorum would be below half the votes or above them;
    /// otherwise the votes are set locally and RECONFIGURE(NODE_VOTES) is multicast.
    /// Node id 0 addresses the quorum device, as in corosync.
    public mutating func setVotes(_ votes: UInt32, of node: NodeID) throws(VoteQuorumRequestError) -> [VoteQuorumEffect] {
        let position = index(of: node)
        guard node.rawValue == 0 || position != nil else { throw .nodeNotFound(node) }
        let saved = node.rawValue == 0 ? deviceVotes : nodes[position ?? 0].votes
        setVotesLocally(votes, of: node, at: position)
        let (newQuorum, total) = calculateQuorum(allowDecrease: true, maxExpected: 0)
        if newQuorum < total / 2 || newQuorum > total {
            setVotesLocally(saved, of: node, at: position)
            throw .invalidParameter
        }
        return [.multicast(.reconfigure(Reconfigure(nodeID: node, value: votes, parameter: .nodeVotes)))]
    }

    private mutating func setVotesLocally(_ votes: UInt32, of node: NodeID, at position: Int?) {
        if let position { nodes[position].votes = votes } else { deviceVotes = votes }
    }

    /// `quorum.cancel_wait_for_all` set: multicasts RECONFIGURE(CANCEL_WFA); every node (us
    /// included) clears wait_for_all when it is delivered.
    public func cancelWaitForAll() -> [VoteQuorumEffect] {
        [.multicast(.reconfigure(Reconfigure(nodeID: nodeID, value: 0, parameter: .cancelWaitForAll)))]
    }

    /// Clean shutdown (`votequorum_exec_exit_fn`): with allow_downscale, sets our LEAVING flag
    /// and multicasts NODEINFO so that the others lower expected votes; otherwise nothing.
    public mutating func leave() -> [VoteQuorumEffect] {
        guard allowDownscale else { return [] }
        us.flags.insert(.leaving)
        return [.multicast(.nodeInfo(nodeInfo(about: nodeID)))]
    }
}
