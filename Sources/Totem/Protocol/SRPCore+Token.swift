/// ORF token processing in OPERATIONAL and RECOVERY (Docs/TotemWire.md §6.8, §6.10).
extension SRPCore {
    mutating func handleOrfToken(_ received: OrfToken, now: Instant, effects: inout [SRPEffect]) {
        stats.orfTokenRx += 1
        guard state == .operational || state == .recovery else {
            drop(.notAcceptedInState(.orfToken), effects: &effects)
            return
        }
        var token = received
        // Before anything changes: a forged token of our ring must not even touch the idle
        // tracking (it would cancel a held token's release).
        guard token.ringID != ringID || isPlausible(token) else {
            drop(.implausibleToken, effects: &effects)
            return
        }
        // 1-2. Idle tracking and the hold decision.
        if token.seq == lastSeq {
            if !timers.isArmed(.mergeDetect) { arm(.mergeDetect, after: parameters.merge, now: now) }
            seqUnchanged &+= 1
        } else {
            timers.cancel(.mergeDetect)
            timers.cancel(.hold)
            seqUnchanged = 0
        }
        lastSeq = token.seq
        // Deviation from corosync: a token whose ring misses messages (aru behind seq, or
        // retransmit requests on it) is never held, as if `cancel_token_hold_on_retransmit` were
        // on. Held, it rotates once per `hold` interval, and a hole no member can fill (its only
        // holder crashed, or a forged seq) would take fail_recv_const held rotations (minutes)
        // to re-form the ring; unheld, it takes a fraction of a second.
        let limit = parameters.seqnoUnchangedConst
        let idle = token.aru == token.seq && token.rtrList.isEmpty
        tokenHeld = idle && (isRepresentative ? seqUnchanged > limit : seqUnchanged >= limit)
        // 4-5. Wrong ring or an old copy.
        guard token.ringID == ringID else {
            drop(.foreignRing(.orfToken), effects: &effects)
            return
        }
        guard !SequenceOrder.lte(token.tokenSeq, tokenSeqSeen) else {
            drop(.duplicateToken, effects: &effects)
            return
        }
        // 3. Free what every member provably holds: what the token's aru covered on this visit
        // and on our previous one (a whole rotation, in which every member could lower it).
        // Deviation from corosync, which frees before discarding a retransmitted copy: the copy's
        // aru was already recorded as the last one, so two copies of one token look like two
        // rotations and free a message that members behind the aru never received (seed 4393:
        // the only other holder crashed, and a virtual-synchrony hole followed).
        if state == .operational {
            let bound = minSeq(minSeq(token.aru, lastAru), highDelivered)
            if SequenceOrder.lt(regularStore.base, bound) { regularStore.release(through: bound) }
        }
        // 7. Remember the token's aru; the ring-wide stable mark is the lower of two visits.
        let previousLastAru = lastAru
        lastAru = token.aru
        if state == .operational { safeAru = minSeq(minSeq(token.aru, previousLastAru), aru) }
        // 8. Flow control.
        var allowed = flowControlAllowance(token)
        // What came back of the requests we left a rotation ago: all of them means nobody
        // served any (step 15).
        let returned = token.rtrList.reduce(into: 0) { count, item in
            if item.ringID == ringID, leftRequested.contains(item.seq) { count += 1 }
        }
        unservedRotations = !leftRequested.isEmpty && returned == leftRequested.count ? unservedRotations + 1 : 0
        // 9. Serve retransmit requests.
        let retransmitted = serveRetransmitRequests(&token, allowed: allowed, effects: &effects)
        allowed -= min(allowed, retransmitted)
        // 10. Request our own gaps.
        requestMissing(&token)
        let ring = ringID
        let store = currentStore
        leftRequested = Set(token.rtrList.filter { $0.ringID == ring && !store.contains($0.seq) }.map(\.seq))
        // 11. Never run past the store's window.
        let window = MessageStore.window
        if SequenceOrder.lt(storeBase &+ window &- allowed &- parameters.windowSize, token.seq) { allowed = 0 }
        // 12. Send new messages.
        let sent = sendNewMessages(&token, allowed: allowed, effects: &effects)
        // 13. Flow-control fields.
        let transmitted = retransmitted + sent
        token.fcc = token.fcc &+ transmitted &- trc
        token.backlog = token.backlog &+ cbl &- pbl
        trc = transmitted
        pbl = cbl
        // 14. Lower (or, if ours, raise) the ring-wide aru.
        if SequenceOrder.lt(aru, token.aru) || token.aruAddr == myID || token.aruAddr.rawValue == 0 {
            token.aru = aru
            token.aruAddr = token.aru == token.seq ? 0 : myID
        }
        // 15. Fail-to-receive: our aru has pinned the ring for too long. Deviation from corosync,
        // which waits for fail_recv_const rotations (2,500: seconds on a busy machine) in every
        // case: on a ring that sent nothing new for seqno_unchanged_const rotations (so every
        // member had its whole allowance for retransmissions), requests of ours that came back
        // unserved that many rotations in a row name messages no member holds (a forged seq): the
        // hole cannot be filled. Requests that are served but lost again do not count.
        if token.aru == previousLastAru, token.aruAddr.rawValue != 0 { aruCount += 1 } else { aruCount = 0 }
        let unfillable = aruCount > limit && seqUnchanged > limit && unservedRotations > limit
        if aruCount > parameters.failRecvConst || unfillable, token.aruAddr == myID {
            failedToReceive = true
            if !failedList.contains(myID) { failedList.append(myID) }
            enterGather(now: now, effects: &effects)
            return
        }
        // 16. Forward.
        tokenSeqSeen = token.tokenSeq
        token.tokenSeq &+= 1
        if state == .recovery { runRecoveryBlock(&token, now: now, effects: &effects) }
        token.header.nodeID = myID
        token.header.targetNodeID = 0
        let bytes = token.encode()
        retransmitCopy = bytes
        let forward =
            !(isRepresentative && tokenHeld)
            || (parameters.cancelTokenHoldOnRetransmit && (retransmitted > 0 || !token.rtrList.isEmpty))
        if forward {
            effects.append(.send(bytes, to: .node(tokenTarget)))
            stats.orfTokenTx += 1
        }
        // 17. Deliver what became deliverable.
        if state == .operational { deliverRegular(effects: &effects) }
        // 18. Timers.
        arm(.tokenLoss, after: parameters.token, now: now)
        arm(.tokenRetransmit, after: parameters.tokenRetransmit, now: now)
        if isRepresentative, tokenHeld, !forward { arm(.hold, after: parameters.hold, now: now) }
    }

    /// Whether `token`, of our ring, can follow from the ring's state: its aru is at most its
    /// seq, and its seq lies within two store windows of the messages this node released. No
    /// member sends past its own release mark plus one window (step 11), and members' marks
    /// differ by less than a rotation's progress, so only a forged or corrupt token goes further;
    /// accepted, it would leave a hole of up to 2^31 seqs that no member can fill.
    func isPlausible(_ token: OrfToken) -> Bool {
        SequenceOrder.lte(token.aru, token.seq)
            && SequenceOrder.lte(token.seq, storeBase &+ 2 &* MessageStore.window)
            && SequenceOrder.lte(token.aru, storeBase &+ 2 &* MessageStore.window)
    }

    /// The lower of two seqs in corosync's rollover-aware order.
    func minSeq(_ a: UInt32, _ b: UInt32) -> UInt32 { SequenceOrder.lt(a, b) ? a : b }

    /// The release mark of the store in use.
    var storeBase: UInt32 { state == .recovery ? recoveryStore.base : regularStore.base }

    /// Step 8 (all unsigned 32-bit, wrap included, as corosync).
    mutating func flowControlAllowance(_ token: OrfToken) -> UInt32 {
        var allowed = parameters.maxMessages
        let room = parameters.windowSize &- token.fcc
        if allowed > room { allowed = room }
        cbl = UInt32(clamping: state == .recovery ? pendingReoriginations : pendingPackets)
        let demand = token.backlog &+ cbl &- pbl
        if demand != 0 {
            let share = UInt32(truncatingIfNeeded: UInt64(parameters.windowSize) * UInt64(pbl) / UInt64(demand))
            if share > 0, allowed > share { allowed = share }
        }
        return allowed
    }

    /// Step 9: re-multicast requested messages we still hold.
    mutating func serveRetransmitRequests(
        _ token: inout OrfToken, allowed: UInt32, effects: inout [SRPEffect]
    ) -> UInt32 {
        var sent: UInt32 = 0
        var remaining: [RetransmitItem] = []
        for item in token.rtrList {
            if sent < allowed, item.ringID == ringID, let stored = currentStore[item.seq] {
                multicast(stored.bytes, effects: &effects)
                stats.mcastRetx += 1
                sent += 1
            } else {
                remaining.append(item)
            }
        }
        token.rtrList = remaining
        return sent
    }

    /// The store that holds the current ring's messages in this state.
    var currentStore: MessageStore { state == .recovery ? recoveryStore : regularStore }

    /// Step 10: add our own gaps to the token's retransmit list after `miss_count_const` visits.
    mutating func requestMissing(_ token: inout OrfToken) {
        guard SequenceOrder.lt(aru, token.seq) else {
            missCounts.removeAll()
            return
        }
        var seq = aru &+ 1
        var examined: UInt32 = 0
        while SequenceOrder.lte(seq, token.seq), examined < MessageStore.window {
            defer {
                seq &+= 1
                examined += 1
            }
            guard !currentStore.contains(seq) else {
                missCounts[seq] = nil
                continue
            }
            let misses = (missCounts[seq] ?? 0) + 1
            missCounts[seq] = misses
            guard misses >= parameters.missCountConst, token.rtrList.count < OrfToken.maxRetransmitItems else {
                continue
            }
            let item = RetransmitItem(ringID: ringID, seq: seq)
            if !token.rtrList.contains(item) { token.rtrList.append(item) }
        }
        missCounts = missCounts.filter { SequenceOrder.lt(aru, $0.key) }
    }

    /// Step 12: assign seqs to queued packets (re-originations in RECOVERY) and multicast them.
    mutating func sendNewMessages(_ token: inout OrfToken, allowed: UInt32, effects: inout [SRPEffect]) -> UInt32 {
        var sent: UInt32 = 0
        while sent < allowed {
            let mcast: Mcast
            if state == .recovery {
                guard reoriginationHead < reoriginationQueue.count,
                    case .mcast(var outer)? = try? TotemMessage.decode(reoriginationQueue[reoriginationHead])
                else { break }
                reoriginationHead += 1
                outer.seq = token.seq &+ 1
                outer.thisSeqno = thisSeqno
                mcast = outer
            } else {
                guard let packet = popSendQueue() else { break }
                mcast = Mcast(
                    sender: myID, seq: token.seq &+ 1, thisSeqno: thisSeqno, ringID: ringID,
                    guarantee: packet.guarantee.rawValue, payload: packet.payload)
            }
            token.seq &+= 1
            thisSeqno &+= 1
            let bytes = mcast.encode()
            if state == .recovery {
                recoveryStore[token.seq] = StoredMessage(bytes: bytes, mcast: mcast)
            } else {
                regularStore[token.seq] = StoredMessage(bytes: bytes, mcast: mcast)
            }
            highSeqReceived = token.seq
            multicast(bytes, effects: &effects)
            stats.mcastTx += 1
            sent += 1
        }
        updateAru()
        return sent
    }

    /// Advances `aru` over contiguous stored seqs.
    mutating func updateAru() {
        let store = currentStore
        var next = aru &+ 1
        while SequenceOrder.lte(next, highSeqReceived), store.contains(next) {
            aru = next
            next &+= 1
        }
    }

    mutating func handleMcast(_ mcast: Mcast, bytes: [UInt8], now: Instant, effects: inout [SRPEffect]) {
        stats.mcastRx += 1
        guard mcast.ringID == ringID else {
            noticeForeignNode(mcast.systemFrom, ring: mcast.ringID, type: .mcast, now: now, effects: &effects)
            return
        }
        // In GATHER or COMMIT after a commit attempt, `ringID` names a ring this node never
        // installed: its messages (the other members' recovery traffic) belong neither to the old
        // ring's store nor to a recovery that has not started. corosync keeps them apart by the
        // encapsulated flag and clears them when RECOVERY starts; we simply do not keep them.
        if state == .gather || state == .commit, oldRingSaved {
            drop(.notAcceptedInState(.mcast), effects: &effects)
            return
        }
        let useRecovery = state == .recovery
        let held = useRecovery ? recoveryStore : regularStore
        guard held.inWindow(mcast.seq) else {
            drop(.duplicateOrOutOfWindowMessage, effects: &effects)
            return
        }
        if let stored = held[mcast.seq] {
            // Retransmissions are byte-identical copies. Other bytes for a seq we hold mean two
            // messages claim one place in the order; which one each member keeps depends on
            // arrival. Deviation from corosync, which keeps the first silently: it is counted,
            // and the ring re-forms at once, so that a second token chain (started by a forged
            // token) stops assigning seqs as soon as any member sees a collision.
            if stored.bytes == bytes {
                drop(.duplicateOrOutOfWindowMessage, effects: &effects)
            } else {
                drop(.conflictingMessage, effects: &effects)
                stats.conflictingMessages += 1
                if state == .operational { enterGather(now: now, effects: &effects) }
            }
            return
        }
        storeMcast(mcast, bytes: bytes, recovery: useRecovery, effects: &effects)
    }

    /// Stores a new in-window MCAST of the current ring and delivers what became deliverable.
    mutating func storeMcast(_ mcast: Mcast, bytes: [UInt8], recovery useRecovery: Bool, effects: inout [SRPEffect]) {
        var store = useRecovery ? recoveryStore : regularStore
        store[mcast.seq] = StoredMessage(bytes: bytes, mcast: mcast)
        if useRecovery { recoveryStore = store } else { regularStore = store }
        if SequenceOrder.lt(highSeqReceived, mcast.seq) { highSeqReceived = mcast.seq }
        updateAru()
        if state == .operational { deliverRegular(effects: &effects) }
    }

    /// Delivers current-ring messages in order up to the first gap or the first safe message not
    /// yet stable.
    mutating func deliverRegular(effects: inout [SRPEffect]) {
        while SequenceOrder.lt(highDelivered, highSeqReceived) {
            let seq = highDelivered &+ 1
            guard let stored = regularStore[seq] else { return }
            if stored.mcast.guarantee == Guarantee.safe.rawValue, SequenceOrder.lt(safeAru, seq) { return }
            highDelivered = seq
            // A late re-originated copy of an old-ring message was already handled in RECOVERY.
            guard stored.mcast.encapsulation == .normal else { continue }
            effects.append(.deliver(delivery(of: stored, seq: seq, ring: ringID)))
        }
    }

    mutating func handleTokenHoldCancel(_ cancel: TokenHoldCancel, now: Instant, effects: inout [SRPEffect]) {
        stats.tokenHoldCancelRx += 1
        guard cancel.ringID == ringID else {
            drop(.foreignRing(.tokenHoldCancel), effects: &effects)
            return
        }
        seqUnchanged = 0
        guard isRepresentative, state != .gather else { return }
        if tokenHeld, timers.isArmed(.hold) {
            timers.cancel(.hold)
            tokenHeld = false
        }
        retransmitToken(now: now, effects: &effects)
    }
}
