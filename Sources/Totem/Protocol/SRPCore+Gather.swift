/// GATHER: joins, consensus, failed lists and merge detection (Docs/TotemWire.md §6.4, §6.10).
extension SRPCore {
    /// Enters (or re-enters) GATHER: multicast our JOIN, restart the join and consensus timers.
    ///
    /// The JOIN goes out when the join timer fires, armed for `now`: after every other input of
    /// the same instant (the runtime reads all queued datagrams before it runs timers). Several
    /// list changes in one burst so give one JOIN with the final lists. Deviation from corosync,
    /// which sends a JOIN per change: two nodes each answering a pair of joins (the second naming
    /// the receiver failed) with a pair of their own kept excluding each other forever under
    /// symmetric timing (simulator seed 1021); with one JOIN per burst the echo dies out.
    mutating func enterGather(now: Instant, effects: inout [SRPEffect]) {
        if !procList.contains(myID) { procList.append(myID) }
        timers.arm(.join, at: max(now + jitter.delay(below: parameters.sendJoin), joinNotBefore))
        arm(.consensus, after: parameters.consensus, now: now)
        timers.cancel(.tokenLoss)
        timers.cancel(.tokenRetransmit)
        timers.cancel(.mergeDetect)
        timers.cancel(.hold)
        consensus = [myID]
        state = .gather
        stats.gatherEntered += 1
    }

    mutating func sendJoin(effects: inout [SRPEffect]) {
        let join = Join(sender: myID, ringSeq: ringID.seq, procList: procList, failedList: failedList)
        multicast(join.encode(), effects: &effects)
        stats.membJoinTx += 1
    }

    /// The nodes that should form the next ring: `proc_list − failed_list`.
    var candidates: [NodeID] { procList.filter { !failedList.contains($0) } }

    /// Consensus is agreed when every candidate sent us a JOIN equal to our lists.
    var consensusAgreed: Bool { candidates.allSatisfy { consensus.contains($0) } }

    mutating func handleJoin(_ join: Join, now: Instant, effects: inout [SRPEffect]) {
        stats.membJoinRx += 1
        // Bounded lists: only nodelist members may enter proc_list and failed_list, so no list
        // this node builds (and sends in its own JOIN) can outgrow what every node accepts.
        guard isListed(join.systemFrom), join.procList.allSatisfy(isListed), join.failedList.allSatisfy(isListed) else {
            drop(.unlistedNode(.join), effects: &effects)
            return
        }
        if tokenRingIDSeq < join.ringSeq { tokenRingIDSeq = join.ringSeq }
        let sender = join.systemFrom
        switch state {
        case .operational:
            let stale = members.contains(sender) && join.ringSeq < ringID.seq
            if join.failedList.contains(myID) || stale {
                drop(.notAcceptedInState(.join), effects: &effects)
                return
            }
            processJoin(join, now: now, effects: &effects)
        case .gather:
            if forgetFailuresOfRingInstalledByPeer(join) { enterGather(now: now, effects: &effects) }
            processJoin(join, now: now, effects: &effects)
        case .commit, .recovery:
            guard newMembers.contains(sender), join.ringSeq >= ringID.seq else {
                drop(.notAcceptedInState(.join), effects: &effects)
                return
            }
            let wasRecovery = state == .recovery
            _ = forgetFailuresOfRingInstalledByPeer(join)
            processJoin(join, now: now, effects: &effects)
            if wasRecovery { restoreOldRingState() }
            enterGather(now: now, effects: &effects)
        }
    }

    /// Deviation from corosync, which clears the failed list only on entering OPERATIONAL. A JOIN
    /// from a member of the ring we committed to but never installed (``ringID`` is still not
    /// ``oldRingID``), stamped with that ring's seq, whose failed list lacks a node we committed
    /// without, comes from a member that installed the ring: failed lists only grow until a node
    /// enters OPERATIONAL, and every member committed with ours. Its failures are spent, so we drop
    /// them as installing would have. Otherwise the representative, which enters OPERATIONAL
    /// last, can be pulled back into GATHER by a member that installed first and met a foreign
    /// message at once, every time; it then accuses the other partition forever, the members
    /// adopt its stale list, and the partitions never merge (simulator seeds 2276, 10990).
    ///
    /// - Returns: whether the failed list changed (the caller must restart consensus).
    mutating func forgetFailuresOfRingInstalledByPeer(_ join: Join) -> Bool {
        let sender = join.systemFrom
        guard ringID != oldRingID, sender != myID, newMembers.contains(sender), join.ringSeq == ringID.seq,
            commitFailedList.contains(where: { !join.failedList.contains($0) })
        else { return false }
        let spent = commitFailedList
        commitFailedList = []
        let before = failedList.count
        failedList.removeAll { spent.contains($0) }
        return failedList.count != before
    }

    /// corosync's `memb_join_process`.
    mutating func processJoin(_ join: Join, now: Instant, effects: inout [SRPEffect]) {
        let sender = join.systemFrom
        if join.isLeave, let leaver = join.failedList.last { leftVoluntarily.insert(leaver) }
        let proc = Set(join.procList)
        let failed = Set(join.failedList)
        if proc == Set(procList), failed == Set(failedList) {
            if !join.isLeave { consensus.insert(sender) }
            if consensusAgreed, failedToReceive {
                failedToReceive = false
                procList = [myID]
                failedList = []
                createCommitToken(now: now, effects: &effects)
                return
            }
            if consensusAgreed, candidates.min() == myID {
                createCommitToken(now: now, effects: &effects)
                return
            }
        } else if proc.isSubset(of: procList), failed.isSubset(of: failedList) {
            // Nothing new.
        } else if failedList.contains(sender) {
            // The sender is one we consider failed.
        } else {
            let before = (procList.count, failedList.count)
            for node in join.procList where !procList.contains(node) { procList.append(node) }
            if failed.contains(myID) {
                if !failedList.contains(sender) {
                    failedList.append(sender)
                    joinNotBefore = now + jitter.delay(below: accusationAnswerBound)
                }
            } else if members.contains(sender) {
                for node in join.failedList where !failedList.contains(node) { failedList.append(node) }
            }
            // Deviation from corosync: re-gather only if our lists changed. Re-announcing
            // unchanged lists restarts the consensus timer on every join, so two nodes that
            // disagree on a failed list they do not adopt from each other (neither was in the
            // other's last configuration) would keep each other in GATHER forever, in a join storm.
            if (procList.count, failedList.count) != before {
                enterGather(now: now, effects: &effects)
                return
            }
        }
        if state == .operational { enterGather(now: now, effects: &effects) }
    }

    mutating func joinTimerExpired(now: Instant, effects: inout [SRPEffect]) {
        guard state == .gather else { return }
        sendJoin(effects: &effects)
        arm(.join, after: parameters.join + jitter.delay(below: parameters.sendJoin), now: now)
    }

    /// Deviation from corosync, which answers at once: a node that a JOIN names failed sends its
    /// own JOIN (naming the accuser failed) only after a delay below this bound, drawn from
    /// ``jitter``. Two nodes that accuse each other in turn, each answering the other's stale
    /// accusation after re-gathering on its previous JOIN, otherwise keep forming singleton rings
    /// for ever when their timing is symmetric (simulator seed 19617, a network without jitter);
    /// corosync relies on `send_join` or the network's jitter to break such a cycle.
    var accusationAnswerBound: Duration { max(parameters.sendJoin, parameters.join / 10) }

    /// corosync's `memb_state_consensus_timeout_expired`.
    mutating func consensusExpired(now: Instant, effects: inout [SRPEffect]) {
        guard state == .gather else { return }
        stats.consensusTimeouts += 1
        consensusTimeoutAction(now: now, effects: &effects)
    }

    mutating func consensusTimeoutAction(now: Instant, effects: inout [SRPEffect]) {
        if consensusAgreed {
            consensus = [myID]
            arm(.tokenLoss, after: parameters.token, now: now)
        } else {
            for node in procList where !consensus.contains(node) && !failedList.contains(node) {
                failedList.append(node)
            }
            enterGather(now: now, effects: &effects)
        }
    }

    /// Token loss in any state (spec §6.11).
    mutating func tokenLossExpired(now: Instant, effects: inout [SRPEffect]) {
        switch state {
        case .operational:
            stats.operationalTokenLost += 1
            enterGather(now: now, effects: &effects)
        case .gather:
            stats.gatherTokenLost += 1
            consensusTimeoutAction(now: now, effects: &effects)
            if state == .gather { enterGather(now: now, effects: &effects) }
        case .commit:
            stats.commitTokenLost += 1
            enterGather(now: now, effects: &effects)
        case .recovery:
            stats.recoveryTokenLost += 1
            restoreOldRingState()
            enterGather(now: now, effects: &effects)
        }
    }

    /// A failed RECOVERY goes back to the old ring's aru and highest seq.
    mutating func restoreOldRingState() {
        aru = oldAru
        highSeqReceived = oldHighSeq
    }

    /// A message from another ring: a sign that another partition is reachable.
    mutating func noticeForeignNode(
        _ node: NodeID, ring: RingID, type: TotemMessageType, now: Instant, effects: inout [SRPEffect]
    ) {
        // Only nodelist members may enter proc_list (see handleJoin): a garbage merge detect
        // naming a stranger would otherwise put it in our JOINs, which every node then drops.
        guard isListed(node) else {
            drop(.unlistedNode(type), effects: &effects)
            return
        }
        // Deviation from corosync (which applies this rule to joins only): a member of our ring
        // cannot be in another ring with an older seq; the message was delayed in the network
        // since before our ring formed. Taking it for a partition re-forms a healthy ring once per
        // stale datagram (seed 8976: merge detects delayed 9.6 s by a clogged link).
        if members.contains(node), ring.seq < ringID.seq {
            drop(.staleRing(type), effects: &effects)
            return
        }
        switch state {
        case .operational:
            if !procList.contains(node) { procList.append(node) }
            enterGather(now: now, effects: &effects)
        case .gather:
            if !procList.contains(node) {
                procList.append(node)
                enterGather(now: now, effects: &effects)
            } else {
                drop(.foreignRing(type), effects: &effects)
            }
        case .commit, .recovery:
            drop(.foreignRing(type), effects: &effects)
        }
    }

    mutating func handleMergeDetect(_ probe: MergeDetect, now: Instant, effects: inout [SRPEffect]) {
        stats.membMergeDetectRx += 1
        guard probe.ringID != ringID else { return }
        noticeForeignNode(probe.systemFrom, ring: probe.ringID, type: .mergeDetect, now: now, effects: &effects)
    }

    mutating func mergeDetectExpired(now: Instant, effects: inout [SRPEffect]) {
        guard state == .operational, isRepresentative else { return }
        multicast(MergeDetect(sender: myID, ringID: ringID).encode(), effects: &effects)
        stats.membMergeDetectTx += 1
    }
}

extension SRPCore {
    /// The runtime learned for certain that `node`'s process is gone (an ICMP port-unreachable
    /// for its totem port: its host answered, nothing listens). Rather than waiting for the token
    /// timeout and then the consensus timeout, the node is put in the failed list and a membership
    /// round starts at once; the survivors adopt our failed list from our join, so the new ring
    /// forms in a few milliseconds.
    ///
    /// A peer that is only slow or hung still has its socket, so it never produces this input:
    /// it keeps the full token-timeout path. Reports about a node we never heard from are
    /// ignored: at start-up a peer may simply not have bound its socket yet.
    public mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [SRPEffect] {
        var effects: [SRPEffect] = []
        guard started, !hasLeft, node != myID, heardFrom.contains(node), !failedList.contains(node) else {
            return effects
        }
        switch state {
        case .operational:
            guard members.contains(node) else { return effects }
        case .gather:
            guard procList.contains(node) else { return effects }
        case .commit, .recovery:
            guard newMembers.contains(node) else { return effects }
            if state == .recovery { restoreOldRingState() }
        }
        stats.peerUnreachable += 1
        failedList.append(node)
        enterGather(now: now, effects: &effects)
        return effects
    }
}
