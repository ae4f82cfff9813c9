/// COMMIT: the representative's commit token and its two rotations (Docs/TotemWire.md §6.5, §6.6).
extension SRPCore {
    /// The representative builds the commit token for `proc_list − failed_list` and enters COMMIT.
    mutating func createCommitToken(now: Instant, effects: inout [SRPEffect]) {
        let ring = RingID(rep: myID, seq: tokenRingIDSeq &+ 4)
        commitToken = CommitToken(sender: myID, tokenSeq: 0, ringID: ring, addr: candidates.sorted())
        enterCommit(now: now, effects: &effects)
    }

    /// corosync's `memb_state_commit_enter`: fill our entry, persist the ring seq, forward.
    mutating func enterCommit(now: Instant, effects: inout [SRPEffect]) {
        guard var token = commitToken else { return }
        if !oldRingSaved {
            oldRingSaved = true
            oldRingID = ringID
            oldAru = aru
            oldHighSeq = highSeqReceived
        }
        fillCommitEntry(&token)
        newMembers = token.addr
        commitFailedList = failedList
        let index = Int(token.membIndex) % token.addr.count
        tokenTarget = token.addr[index]
        timers.cancel(.join)
        timers.cancel(.consensus)
        ringID = token.ringID
        effects.append(.persistRingSeq(ringID.seq))
        tokenRingIDSeq = ringID.seq
        state = .commit
        stats.commitEntered += 1
        trc = 0
        pbl = 0
        cbl = 0
        commitToken = token
        sendCommitToken(now: now, effects: &effects)
    }

    /// corosync's `memb_state_commit_token_update`.
    mutating func fillCommitEntry(_ token: inout CommitToken) {
        let index = Int(token.membIndex)
        guard index < token.addr.count else { return }
        receivedFlag = aru == highSeqReceived
        token.members[index] = CommitMemberEntry(
            ringID: oldRingID, aru: oldAru, highDelivered: highDelivered, receivedFlag: receivedFlag ? 1 : 0)
        var highAru = token.members[index].aru
        for entry in token.members[0...index] where entry.ringID == oldRingID && SequenceOrder.lt(highAru, entry.aru) {
            highAru = entry.aru
        }
        for slot in 0...index
        where token.members[slot].ringID == oldRingID && SequenceOrder.lt(token.members[slot].aru, highAru) {
            token.members[slot].receivedFlag = 0
            if slot == index { receivedFlag = false }
        }
        token.header.nodeID = myID
        token.membIndex += 1
    }

    /// Sends the commit token to the target, keeping a copy for retransmission.
    mutating func sendCommitToken(now: Instant, effects: inout [SRPEffect]) {
        guard var token = commitToken else { return }
        token.tokenSeq &+= 1
        token.header.nodeID = myID
        commitToken = token
        let bytes = token.encode()
        retransmitCopy = bytes
        effects.append(.send(bytes, to: .node(tokenTarget)))
        stats.membCommitTokenTx += 1
        arm(.tokenRetransmit, after: parameters.tokenRetransmit, now: now)
        arm(.tokenLoss, after: parameters.token, now: now)
    }

    mutating func handleCommitToken(_ token: CommitToken, now: Instant, effects: inout [SRPEffect]) {
        stats.membCommitTokenRx += 1
        guard token.addr.count == token.members.count, !token.addr.isEmpty else {
            drop(.notAcceptedInState(.commitToken), effects: &effects)
            return
        }
        guard token.addr.allSatisfy(isListed) else {
            drop(.unlistedNode(.commitToken), effects: &effects)
            return
        }
        switch state {
        case .gather:
            guard Set(token.addr) == Set(candidates), token.addr.count == candidates.count,
                token.ringID.seq > ringID.seq, token.addr.contains(myID),
                token.addr[Int(token.membIndex) % token.addr.count] == myID
            else {
                drop(.notAcceptedInState(.commitToken), effects: &effects)
                return
            }
            commitToken = token
            enterCommit(now: now, effects: &effects)
        case .commit:
            guard token.ringID == ringID, token.membIndex == Int32(token.addr.count) else {
                drop(.notAcceptedInState(.commitToken), effects: &effects)
                return
            }
            enterRecovery(token, now: now, effects: &effects)
        case .recovery:
            guard isRepresentative, token.ringID == ringID, !originatedOrf else {
                drop(.notAcceptedInState(.commitToken), effects: &effects)
                return
            }
            originatedOrf = true
            sendInitialOrfToken(now: now, effects: &effects)
        case .operational:
            drop(.notAcceptedInState(.commitToken), effects: &effects)
        }
    }

    /// Re-sends the last token (ORF or commit) when no newer one arrived in time.
    mutating func tokenRetransmitExpired(now: Instant, effects: inout [SRPEffect]) {
        switch state {
        case .gather: return
        case .commit, .recovery, .operational:
            retransmitToken(now: now, effects: &effects)
        }
    }

    mutating func retransmitToken(now: Instant, effects: inout [SRPEffect]) {
        guard let copy = retransmitCopy else { return }
        effects.append(.send(copy, to: .node(tokenTarget)))
        stats.tokenRetransmits += 1
        if copy.count > 3, copy[3] == TotemMessageType.orfToken.rawValue {
            stats.orfTokenTx += 1
        } else {
            stats.membCommitTokenTx += 1
        }
        arm(.tokenRetransmit, after: parameters.tokenRetransmit, now: now)
    }

    /// The representative releases the held idle token.
    mutating func holdExpired(now: Instant, effects: inout [SRPEffect]) {
        guard state == .operational || state == .recovery else { return }
        retransmitToken(now: now, effects: &effects)
    }
}
