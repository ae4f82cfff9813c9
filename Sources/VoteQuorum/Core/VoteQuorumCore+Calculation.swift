import Totem

extension VoteQuorumCore {
    /// `calculate_quorum`: the quorum figure for the current table, and the total votes it
    /// counted. `maxExpected` (if non-zero) replaces the highest expected votes.
    func calculateQuorum(allowDecrease: Bool, maxExpected: UInt32) -> (quorum: UInt32, totalVotes: UInt32) {
        var maxExpected = maxExpected
        if allowDownscale && allowDecrease && maxExpected != 0 {
            maxExpected = max(expectedVotesBarrier, maxExpected)
        }
        var highest: UInt32 = 0
        var total: UInt32 = 0
        var voters = 0
        for node in nodes where node.isMember {
            highest = max(highest, node.expectedVotes)
            total &+= node.votes
            voters += 1
        }
        if us.flags.contains(.qdeviceCastVote) {
            total &+= deviceVotes
            voters += 1
        }
        if maxExpected > 0 { highest = maxExpected }
        var newQuorum = max((highest &+ 2) / 2, (total &+ 2) / 2)
        if !allowDecrease { newQuorum = max(quorum, newQuorum) }
        if twoNode && voters <= 2 { newQuorum = 1 }
        return (newQuorum, total)
    }

    /// `get_total_votes`: MEMBER votes plus the device's votes whenever it has any.
    func totalVotesAndMembers() -> (votes: UInt32, members: UInt32) {
        var votes: UInt32 = 0
        var members: UInt32 = 0
        for node in nodes where node.isMember {
            votes &+= node.votes
            members += 1
        }
        if deviceVotes != 0 {
            votes &+= deviceVotes
            members += 1
        }
        return (votes, members)
    }

    /// `recalculate_quorum`: ratchets our expected votes up to the votes present, persists the
    /// tracking barrier, recomputes quorum (with `byCurrentNodes`, every member's expected votes
    /// become the number of current voters) and decides quorate.
    mutating func recalculateQuorum(allowDecrease: Bool, byCurrentNodes: Bool, effects: inout [VoteQuorumEffect]) {
        var (total, members) = totalVotesAndMembers()
        if !byCurrentNodes { members = 0 }
        if total > us.expectedVotes {
            us.expectedVotes = total
            effects.append(.expectedVotesChanged(total))
        }
        if expectedVotesTracking && us.expectedVotes > trackingBarrier {
            trackingBarrier = us.expectedVotes
            effects.append(.persistExpectedVotesBarrier(trackingBarrier))
        }
        let (newQuorum, counted) = calculateQuorum(allowDecrease: allowDecrease, maxExpected: members)
        quorum = newQuorum
        setMembersExpectedVotes(members)
        areWeQuorate(totalVotes: counted, effects: &effects)
    }

    /// `are_we_quorate`.
    mutating func areWeQuorate(totalVotes: UInt32, effects: inout [VoteQuorumEffect]) {
        if waitForAll && waitForAllStatus {
            if totalVotes != us.expectedVotes {
                effects.append(
                    .notice(.waitingForAllMembers(currentVotes: totalVotes, expectedVotes: us.expectedVotes)))
                clusterIsQuorate = false
                return
            }
            setWaitForAllStatus(false)
        }
        // Who might hold the other side of a split, as the tie-breaker's guard counts them:
        // computed before a quorate-by-votes decision replaces the last quorate members.
        let goneSinceQuorate = (lastQuorateMembers ?? []).count { !quorumMembers.contains($0) }
        var quorate = quorum <= totalVotes
        if quorate {
            lowestNodeID = memberExtreme(lowest: true)
            highestNodeID = memberExtreme(lowest: false)
            lastQuorateMembers = quorumMembers
        }
        // corosync's guard: "if the 'other' partition in a split might have quorum then we
        // can't run ATB", counted against the previous ring's members only. A deviation: also
        // against the members when this node was last quorate, so that rings between the split
        // and now (a singleton ring while partitioned) cannot hide the other side (simulator
        // seed 1260: after last_man_standing lowered expected votes to 3, a lone node took
        // `1 == 3 / 2` as a tie while the other two held quorum).
        if tieBreaker != .none, totalVotes == us.expectedVotes / 2,
            previousQuorumMembers.count - quorumMembers.count < Int(quorum), goneSinceQuorate < Int(quorum),
            tieBreakerHolds()
        {
            quorate = true
        }
        let changed = clusterIsQuorate != quorate
        clusterIsQuorate = quorate
        if quorate { us.flags.insert(.quorate) } else { us.flags.remove(.quorate) }
        if waitForAll { setWaitForAllStatus(!quorate) }
        if changed && !syncInProgress { effects.append(.quorumChanged(state)) }
    }

    /// `get_lowest_node_id` / `get_highest_node_id`: over us and MEMBER nodes, signed order.
    func memberExtreme(lowest: Bool) -> NodeID {
        var best = nodeID
        for node in nodes where node.isMember {
            let better =
                lowest ? node.nodeID.signedOrder < best.signedOrder : node.nodeID.signedOrder > best.signedOrder
            if better { best = node.nodeID }
        }
        return best
    }

    /// `check_low_node_id_partition` (used directly by last_man_standing, whatever the ATB mode).
    func lowestNodePresent() -> Bool {
        guard let lowest = lowestNodeID else { return false }
        return nodes.contains { $0.isMember && $0.nodeID == lowest }
    }

    /// `check_auto_tie_breaker`.
    func tieBreakerHolds() -> Bool {
        switch tieBreaker {
        case .none:
            return false
        case .lowest:
            return lowestNodePresent()
        case .highest:
            guard let highest = highestNodeID else { return false }
            return nodes.contains { $0.isMember && $0.nodeID == highest }
        case .list(let listed):
            // Deviation from corosync, which compares with the previous membership: after a
            // (re)start that membership is empty, so every half of a split at start-up, and a
            // restarted node alone, believed it held the first listed node that mattered and
            // became quorate (split brain). Like lowest/highest ("seen when last quorate"), the
            // list is judged against the membership we were last quorate in; never quorate, no
            // tie breaking.
            guard let lastQuorateMembers else { return false }
            for (position, candidate) in listed.enumerated() where quorumMembers.contains(candidate) {
                return !listed[..<position].contains { lastQuorateMembers.contains($0) }
            }
            return false
        }
    }
}
