/// RECOVERY and the switch to OPERATIONAL with extended virtual synchrony
/// (Docs/TotemWire.md §6.7, §6.12).
extension SRPCore {
    /// corosync's `memb_state_recovery_enter`.
    mutating func enterRecovery(_ token: CommitToken, now: Instant, effects: inout [SRPEffect]) {
        commitToken = token
        recoveryStore.reset()
        reoriginationQueue.removeAll()
        reoriginationHead = 0
        originatedOrf = false
        sendCommitToken(now: now, effects: &effects)
        tokenSeqSeen = 0xFFFF_FFFF

        let entries = Dictionary(zip(token.addr, token.members), uniquingKeysWith: { first, _ in first })
        transMembers = newMembers.filter { node in
            members.contains(node) && entries[node]?.ringID == oldRingID
        }
        deliverMembers = transMembers
        let anyGap = transMembers.contains { entries[$0]?.receivedFlag == 0 }
        if anyGap {
            var low = oldHighSeq
            for node in transMembers {
                guard let entry = entries[node], entry.ringID == oldRingID else { continue }
                if SequenceOrder.lt(entry.aru, low) { low = entry.aru }
            }
            var seq = low &+ 1
            while SequenceOrder.lte(seq, oldHighSeq) {
                if let stored = regularStore[seq] {
                    let outer = Mcast(
                        sender: myID, seq: 0, thisSeqno: 0, ringID: ringID, encapsulation: .recovery,
                        payload: stored.bytes)
                    reoriginationQueue.append(outer.encode())
                }
                seq &+= 1
            }
        }
        aru = 0
        highSeqReceived = 0
        installSeq = 0
        aruCount = 0
        leftRequested = []
        unservedRotations = 0
        seqUnchanged = 0
        retransFlagCount = 0
        rotationCounter = 0
        setRetransFlag = false
        missCounts.removeAll()
        arm(.tokenLoss, after: parameters.token, now: now)
        arm(.tokenRetransmit, after: parameters.tokenRetransmit, now: now)
        state = .recovery
        stats.recoveryEntered += 1
    }

    /// Messages still waiting to be re-originated in RECOVERY.
    var pendingReoriginations: Int { reoriginationQueue.count - reoriginationHead }

    /// The representative's first ORF token of the new ring.
    mutating func sendInitialOrfToken(now: Instant, effects: inout [SRPEffect]) {
        var token = OrfToken(
            sender: myID, seq: 0, tokenSeq: 0, aru: 0xFFFF_FFFF, aruAddr: myID, ringID: ringID)
        if pendingReoriginations > 0 {
            token.retransFlag = 1
            setRetransFlag = true
        }
        let bytes = token.encode()
        retransmitCopy = bytes
        effects.append(.send(bytes, to: .node(tokenTarget)))
        stats.orfTokenTx += 1
        arm(.tokenLoss, after: parameters.token, now: now)
        arm(.tokenRetransmit, after: parameters.tokenRetransmit, now: now)
    }

    /// The RECOVERY block run on every token visit before forwarding (spec §6.7); it may switch
    /// the node to OPERATIONAL.
    mutating func runRecoveryBlock(_ token: inout OrfToken, now: Instant, effects: inout [SRPEffect]) {
        if pendingReoriginations > 0 {
            if token.retransFlag == 0 {
                token.retransFlag = 1
                setRetransFlag = true
            }
        } else if token.retransFlag == 1, setRetransFlag {
            token.retransFlag = 0
            setRetransFlag = false
        }
        if token.retransFlag == 0 { retransFlagCount += 1 } else { retransFlagCount = 0 }
        if retransFlagCount == 2 { installSeq = token.seq }
        if retransFlagCount >= 2, !receivedFlag, SequenceOrder.lte(installSeq, aru) {
            receivedFlag = true
            deliverMembers = transMembers
        }
        if retransFlagCount >= 3, SequenceOrder.lte(installSeq, token.aru) {
            rotationCounter += 1
        } else {
            rotationCounter = 0
        }
        if rotationCounter == 2 {
            enterOperational(now: now, effects: &effects)
            rotationCounter = 0
            retransFlagCount = 0
        }
    }

    /// corosync's `memb_state_operational_enter`, with safe delivery honoured (see ``SRPCore``).
    mutating func enterOperational(now: Instant, effects: inout [SRPEffect]) {
        consensus = []
        oldRingSaved = false
        // Unwrap re-originated old-ring messages into the old ring's store.
        var seq: UInt32 = 1
        while SequenceOrder.lte(seq, aru) {
            if let stored = recoveryStore[seq], stored.mcast.encapsulation == .recovery,
                let inner = try? TotemMessage.decode(stored.mcast.payload), case .mcast(let old) = inner,
                old.ringID == oldRingID, old.encapsulation == .normal,
                !regularStore.contains(old.seq), regularStore.inWindow(old.seq)
            {
                regularStore[old.seq] = StoredMessage(bytes: stored.mcast.payload, mcast: old)
                if SequenceOrder.lt(oldHighSeq, old.seq) { oldHighSeq = old.seq }
            }
            seq &+= 1
        }
        let oldRing = oldRingID
        // Old-ring messages that are stable in the old configuration, in order, up to a gap.
        deliverOldRing(upTo: oldHighSeq, skipGaps: false, respectSafe: true, ring: oldRing, effects: &effects)

        let left = members.filter { !transMembers.contains($0) }
        let joined = newMembers.filter { !transMembers.contains($0) }
        effects.append(
            .configurationChanged(
                ConfigurationChange(
                    kind: .transitional, ringID: ringID, members: transMembers, left: left, joined: [])))
        // Everything else the survivors hold, skipping gaps, from survivors only.
        deliverOldRing(upTo: oldHighSeq, skipGaps: true, respectSafe: false, ring: oldRing, effects: &effects)
        members = newMembers
        effects.append(
            .configurationChanged(
                ConfigurationChange(
                    kind: .regular, ringID: ringID, members: newMembers, left: left, joined: joined)))

        // The new ring's store: re-originated messages count as delivered.
        regularStore = recoveryStore
        recoveryStore.reset()
        var delivered: UInt32 = 0
        while let next = regularStore[delivered &+ 1], next.mcast.encapsulation == .recovery,
            SequenceOrder.lte(delivered &+ 1, highSeqReceived)
        {
            delivered &+= 1
        }
        highDelivered = delivered
        regularStore.release(through: delivered)
        lastAru = 0
        safeAru = 0
        procList = newMembers
        failedList = []
        leftVoluntarily = []
        state = .operational
        receivedFlag = true
        oldRingID = ringID
        stats.operationalEntered += 1
    }

    /// Delivers old-ring messages from `highDelivered + 1` to `end` (corosync's
    /// `messages_deliver_to_app`), either stopping at the first gap (or the first safe message
    /// not known to be stable), or skipping gaps; once past a gap, only messages from nodes in
    /// `deliverMembers` are delivered (a message after a gap may depend on the missing one).
    /// Messages before the first gap that were only held back for safety are delivered whoever
    /// sent them, exactly as corosync delivers them contiguously.
    mutating func deliverOldRing(
        upTo end: UInt32, skipGaps: Bool, respectSafe: Bool, ring: RingID, effects: inout [SRPEffect]
    ) {
        var pastGap = false
        while SequenceOrder.lt(highDelivered, end) {
            let seq = highDelivered &+ 1
            guard let stored = regularStore[seq] else {
                if skipGaps {
                    highDelivered = seq
                    pastGap = true
                    continue
                }
                return
            }
            if respectSafe, stored.mcast.guarantee == Guarantee.safe.rawValue, SequenceOrder.lt(safeAru, seq) {
                return
            }
            highDelivered = seq
            guard stored.mcast.encapsulation == .normal else { continue }
            if pastGap, !deliverMembers.contains(stored.mcast.header.nodeID) { continue }
            effects.append(.deliver(delivery(of: stored, seq: seq, ring: ring)))
        }
    }

    func delivery(of stored: StoredMessage, seq: UInt32, ring: RingID) -> PacketDelivery {
        PacketDelivery(
            sender: stored.mcast.header.nodeID, payload: stored.mcast.payload,
            guarantee: Guarantee(rawValue: stored.mcast.guarantee) ?? .agreed,
            swapped: stored.bytes.first == 0xC0, ringID: ring, seq: seq)
    }
}
