import Totem

extension VoteQuorumCore {
    /// A configuration reload (corosync's `votequorum_refresh_config` after
    /// `votequorum_readconfig` at runtime): takes the re-read figures unchecked and announces
    /// them, in corosync's order.
    ///
    /// - `twoNode` is re-read: the new value applies (corosync resets two_node and reads it
    ///   again), except that two_node stays off while auto_tie_breaker was configured at
    ///   start-up (``VoteQuorumNotice/twoNodeDisabledByAutoTieBreaker``; auto_tie_breaker
    ///   itself is not reloaded). wait_for_all follows the new two_node if it was not written
    ///   at start-up (``VoteQuorumConfiguration/waitForAllFollowsTwoNode``), as a stock 3.1.7
    ///   node shows (`2Node Quorate WaitForAll` after a reload adding two_node); its pending
    ///   status is left as it is (set at start-up only), so a quorate node stays quorate.
    /// - `votes` and `expectedVotes` become ours as they are, without the checks of
    ///   ``setVotes(_:of:)`` and ``setExpectedVotes(_:)``; the expected-votes barrier follows.
    ///
    /// Returns, to multicast in this order: NODEINFO about us, NODEINFO about the quorum
    /// device, RECONFIGURE(NODE_VOTES) if our votes changed, RECONFIGURE(EXPECTED_VOTES) if our
    /// expected votes changed. Quorum is recalculated when they are delivered (our NODEINFO
    /// always triggers it), so a new two_node decides quorum from then on; nothing is
    /// recalculated here.
    public mutating func reload(votes: UInt32, expectedVotes: UInt32, twoNode requested: Bool) -> [VoteQuorumEffect] {
        var effects: [VoteQuorumEffect] = []
        let oldVotes = us.votes
        let oldExpected = us.expectedVotes
        var newTwoNode = requested
        if newTwoNode && tieBreakerConfigured {
            effects.append(.notice(.twoNodeDisabledByAutoTieBreaker))
            newTwoNode = false
        }
        twoNode = newTwoNode
        if configuration.waitForAllFollowsTwoNode { waitForAll = requested }
        us.votes = votes
        us.expectedVotes = expectedVotes
        expectedVotesBarrier = expectedVotes
        effects.append(.multicast(.nodeInfo(nodeInfo(about: nodeID))))
        effects.append(.multicast(.nodeInfo(nodeInfo(about: NodeID(0)))))
        if votes != oldVotes {
            effects.append(.multicast(.reconfigure(Reconfigure(nodeID: nodeID, value: votes, parameter: .nodeVotes))))
        }
        if expectedVotes != oldExpected {
            effects.append(.multicast(.reconfigure(Reconfigure(nodeID: nodeID, value: expectedVotes, parameter: .expectedVotes))))
        }
        return effects
    }

    /// auto_tie_breaker as parsed at start-up, before the odd-cluster check may have turned it
    /// off (corosync's `initial_auto_tie_breaker`): two_node is incompatible with it.
    var tieBreakerConfigured: Bool {
        configuration.tieBreaker != .none
            || configuration.warnings.contains(.autoTieBreakerDisabledOddClusterWithoutWaitForAll)
    }
}
