/// The totem single-ring protocol (SRP) of corosync 3.1.7 as a pure, deterministic state machine.
///
/// Inputs are events with the current time (`start`, `receive`, `handleTimeout`, `enqueue`,
/// `leave`); outputs are ``SRPEffect`` values the owner carries out. The core owns no socket,
/// no clock, no thread and no random source, so the simulator can run many of them on a virtual
/// network and replay any run exactly.
///
/// The algorithm is the one described in Docs/TotemWire.md §6 (membership: GATHER, COMMIT,
/// RECOVERY, OPERATIONAL; the ORF token for ordering, reliability and flow control). Deviations
/// from corosync, each harmless on the wire:
/// - **Safe delivery** is honoured: a message multicast with guarantee `.safe` is delivered only
///   once the token shows that every member holds it (`min(token.aru, last_aru)`, the same bound
///   corosync uses to free messages); later messages wait behind it to keep the total order. At a
///   configuration change, safe messages not yet known to be stable in the old ring are delivered
///   after the transitional configuration, as extended virtual synchrony prescribes.
/// - New-ring MCASTs that arrive while this node is still in RECOVERY are kept in the new ring's
///   store instead of being mixed with old-ring messages.
/// - `send_join` (a random pre-send delay) draws its delays from ``JoinJitter``, a sequence
///   seeded by the node id, as the core has no random source. An accusation is answered after
///   such a delay even when `send_join` is 0 (see ``processJoin(_:now:effects:)``).
/// - The hold timer re-arms the token-retransmit timer when it releases a held token, so no
///   duplicate token follows it.
public struct SRPCore: Sendable {
    // MARK: Configuration
    /// This node.
    public let myID: NodeID
    /// Every node of the nodelist, ascending (changed at runtime by ``TotemCore/setNodes(_:)``).
    public internal(set) var nodes: [NodeID]
    /// Effective timers and constants (changed at runtime by ``TotemCore/setParameters(_:)``).
    public internal(set) var parameters: TotemParameters
    /// Most packets waiting to be sent before ``enqueue(_:guarantee:)`` refuses more.
    public let sendQueueCapacity: Int

    // MARK: Membership
    /// The current membership state.
    public internal(set) var state: MembershipState = .gather
    /// The current ring id.
    public internal(set) var ringID: RingID
    var oldRingID: RingID
    var tokenRingIDSeq: UInt64
    var procList: [NodeID] = []
    var failedList: [NodeID] = []
    /// `failedList` when this node last entered COMMIT: the failures the ring in ``ringID``
    /// was agreed without (see ``forgetFailuresOfRingInstalledByPeer(_:)``).
    var commitFailedList: [NodeID] = []
    var consensus: Set<NodeID> = []
    /// Members of the current (or last) regular configuration, ascending.
    public internal(set) var members: [NodeID]
    var newMembers: [NodeID] = []
    var transMembers: [NodeID] = []
    var deliverMembers: [NodeID] = []
    var commitToken: CommitToken?
    var leftVoluntarily: Set<NodeID> = []
    var started = false
    /// Nodes of ``nodes`` whose datagrams reached us (their process ran, so a port-unreachable
    /// from them later means it is gone; before that it may not have bound its socket yet).
    var heardFrom: Set<NodeID> = []
    /// Delays for `send_join` and for answering an accusation (see ``processJoin(_:now:effects:)``).
    var jitter: JoinJitter
    /// The next JOIN goes out no earlier than this (an accusation is being answered late).
    var joinNotBefore = Instant.zero
    /// True once ``leave(now:)`` ran: every later input is ignored.
    public internal(set) var hasLeft = false

    // MARK: Ordering
    var aru: UInt32 = 0
    var highSeqReceived: UInt32 = 0
    var highDelivered: UInt32 = 0
    var lastAru: UInt32 = 0
    var safeAru: UInt32 = 0
    var tokenSeqSeen: UInt32 = 0xFFFF_FFFF
    var lastSeq: UInt32 = 0
    var seqUnchanged: UInt32 = 0
    var tokenHeld = false
    var aruCount: UInt32 = 0
    /// The seqs this node missed and left requested on the token at its last visit.
    var leftRequested: Set<UInt32> = []
    /// Consecutive visits at which every request we left came back unserved: no member holds
    /// those messages (see ``handleOrfToken(_:now:effects:)``, step 15).
    var unservedRotations: UInt32 = 0
    var failedToReceive = false
    var trc: UInt32 = 0
    var pbl: UInt32 = 0
    var cbl: UInt32 = 0
    var thisSeqno: Int32 = 0
    var missCounts: [UInt32: UInt32] = [:]
    var regularStore = MessageStore()
    var recoveryStore = MessageStore()
    var sendQueue: [QueuedPacket] = []
    var sendQueueHead = 0
    /// Packets taken from the send queue and multicast since the node started.
    public internal(set) var dequeuedPackets: UInt64 = 0
    var reoriginationQueue: [[UInt8]] = []
    var reoriginationHead = 0

    // MARK: Old ring and recovery
    var oldRingSaved = false
    var oldAru: UInt32 = 0
    var oldHighSeq: UInt32 = 0
    var receivedFlag = true
    var retransFlagCount: UInt32 = 0
    var rotationCounter: UInt32 = 0
    var installSeq: UInt32 = 0
    var setRetransFlag = false
    var originatedOrf = false

    // MARK: Token retransmission
    var retransmitCopy: [UInt8]?
    var tokenTarget: NodeID
    var timers = TimerTable()

    /// Counters for `stats.srp.*`.
    public internal(set) var stats = SRPStats()

    /// One packet waiting for the token.
    struct QueuedPacket: Hashable, Sendable {
        var payload: [UInt8]
        var guarantee: Guarantee
    }

    /// Creates a node that has not started yet.
    ///
    /// - Parameters:
    ///   - myID: this node's id; it must be in `nodes`.
    ///   - nodes: the static nodelist.
    ///   - parameters: effective timers and constants.
    ///   - persistedRingSeq: the ring seq last persisted (0 for a node that never ran); the first
    ///     singleton ring uses `persistedRingSeq + 1`.
    ///   - sendQueueCapacity: most packets waiting for the token.
    public init(
        myID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64,
        sendQueueCapacity: Int = 4096
    ) {
        precondition(nodes.contains(myID), "node \(myID) is not in the nodelist \(nodes)")
        self.myID = myID
        self.nodes = Array(Set(nodes)).sorted()
        self.parameters = parameters
        self.sendQueueCapacity = sendQueueCapacity
        let ring = RingID(rep: myID, seq: persistedRingSeq &+ 1)
        self.ringID = ring
        self.oldRingID = ring
        self.tokenRingIDSeq = ring.seq
        self.members = []
        self.tokenTarget = myID
        self.jitter = JoinJitter(node: myID)
    }

    // MARK: Entry points

    /// Starts the protocol: the interface is up, so the node enters GATHER and begins sending
    /// joins. Call once; later calls do nothing.
    public mutating func start(now: Instant) -> [SRPEffect] {
        var effects: [SRPEffect] = []
        guard !started, !hasLeft else { return effects }
        started = true
        enterGather(now: now, effects: &effects)
        return effects
    }

    /// Handles one datagram received on the totem socket.
    public mutating func receive(_ datagram: [UInt8], now: Instant) -> [SRPEffect] {
        var effects: [SRPEffect] = []
        guard started, !hasLeft else { return effects }
        let message: TotemMessage
        do {
            message = try TotemMessage.decode(datagram)
        } catch {
            drop(.malformed(error), effects: &effects)
            return effects
        }
        // One integer compare per datagram once every node was heard from (the token's path).
        if heardFrom.count < nodes.count, case let sender = message.sender, nodes.contains(sender) {
            heardFrom.insert(sender)
        }
        switch message {
        case .orfToken(let token): handleOrfToken(token, now: now, effects: &effects)
        case .mcast(let mcast): handleMcast(mcast, bytes: datagram, now: now, effects: &effects)
        case .mergeDetect(let probe): handleMergeDetect(probe, now: now, effects: &effects)
        case .join(let join): handleJoin(join, now: now, effects: &effects)
        case .commitToken(let token): handleCommitToken(token, now: now, effects: &effects)
        case .tokenHoldCancel(let cancel): handleTokenHoldCancel(cancel, now: now, effects: &effects)
        }
        return effects
    }

    /// Fires every timer due at `now`. Call it when `now >= nextDeadline`; spurious calls do
    /// nothing.
    public mutating func handleTimeout(now: Instant) -> [SRPEffect] {
        var effects: [SRPEffect] = []
        guard started, !hasLeft else { return effects }
        // The join timer goes last, once: a membership change made by another timer of this
        // instant re-arms it for `now`, and one JOIN with the final lists is sent (see
        // `enterGather`). Fired in deadline order, an overdue join timer (after a pause) would
        // send the old lists first and the new ones right after.
        while let timer = timers.popExpired(now: now, excluding: .join) {
            fire(timer, now: now, effects: &effects)
        }
        if let deadline = timers.deadline(of: .join), deadline <= now {
            timers.cancel(.join)
            fire(.join, now: now, effects: &effects)
        }
        return effects
    }

    /// Queues one packet (a totempg packet) for the next token visit.
    ///
    /// - Returns: effects (a TOKEN_HOLD_CANCEL when the idle token must be released).
    /// - Throws: ``SubmitError/queueFull`` when `sendQueueCapacity` packets are waiting.
    public mutating func enqueue(
        _ payload: [UInt8], guarantee: Guarantee, now: Instant
    ) throws(SubmitError) -> [SRPEffect] {
        guard !hasLeft else { throw .stopped }
        guard pendingPackets < sendQueueCapacity else { throw .queueFull }
        append(payload, guarantee: guarantee)
        return requestToken(now: now)
    }

    /// Queues a packet without the capacity check (the framing layer checks capacity per message).
    mutating func append(_ payload: [UInt8], guarantee: Guarantee) {
        sendQueue.append(QueuedPacket(payload: payload, guarantee: guarantee))
    }

    /// Says this node has something to send: if it is holding back an idle token (or knows the
    /// representative does), it multicasts TOKEN_HOLD_CANCEL so the token comes round at once.
    public mutating func requestToken(now: Instant) -> [SRPEffect] {
        var effects: [SRPEffect] = []
        guard tokenHeld, state == .operational, !hasLeft else { return effects }
        tokenHeld = false
        multicast(TokenHoldCancel(sender: myID, ringID: ringID).encode(), effects: &effects)
        stats.tokenHoldCancelTx += 1
        return effects
    }

    /// Removes every packet still waiting for the token and returns how many there were.
    mutating func drainSendQueue() -> Int {
        let drained = pendingPackets
        sendQueue.removeAll()
        sendQueueHead = 0
        return drained
    }

    /// Leaves the ring in an orderly way: multicasts a LEAVE so the others form a new ring at
    /// once, then ignores every later input.
    public mutating func leave(now: Instant) -> [SRPEffect] {
        var effects: [SRPEffect] = []
        guard started, !hasLeft else { return effects }
        var proc = procList.isEmpty ? members : procList
        proc.removeAll { $0 == myID }
        var failed = failedList.filter { $0 != myID }
        failed.append(myID)
        let join = Join(sender: myID, ringSeq: ringID.seq, procList: proc, failedList: failed, leave: true)
        multicast(join.encode(), effects: &effects)
        stats.membJoinTx += 1
        hasLeft = true
        timers.cancelAll()
        return effects
    }

    /// The earliest armed deadline; call ``handleTimeout(now:)`` when it has passed.
    public var nextDeadline: Instant? { (started && !hasLeft) ? timers.next : nil }

    /// Packets waiting for the token.
    public var pendingPackets: Int { sendQueue.count - sendQueueHead }

    /// True if this node is the representative of its current ring.
    public var isRepresentative: Bool { ringID.rep == myID }

    // MARK: Helpers shared by the phases

    /// Removes nodes no longer in the nodelist from the membership lists a JOIN carries (after a
    /// reload removed them), so that our JOINs stay acceptable to every node.
    mutating func forgetUnlistedNodes() {
        let listed = Set(nodes)
        procList.removeAll { $0 != myID && !listed.contains($0) }
        failedList.removeAll { !listed.contains($0) }
        consensus = consensus.filter { listed.contains($0) || $0 == myID }
    }

    /// Whether `node` is in the nodelist (``nodes`` is ascending: a binary search, as JOIN lists
    /// are checked entry by entry). corosync's udpu and knet transports take datagrams from
    /// listed peers only, so a membership message naming any other node id is forged or corrupt.
    func isListed(_ node: NodeID) -> Bool {
        var low = 0
        var high = nodes.count
        while low < high {
            let middle = (low + high) / 2
            if nodes[middle] == node { return true }
            if nodes[middle] < node { low = middle + 1 } else { high = middle }
        }
        return false
    }

    mutating func drop(_ reason: DropReason, effects: inout [SRPEffect]) {
        stats.rxMsgDropped += 1
        effects.append(.dropped(reason))
    }

    mutating func multicast(_ bytes: [UInt8], effects: inout [SRPEffect]) {
        effects.append(.send(bytes, to: .allNodes))
    }

    mutating func arm(_ timer: SRPTimer, after duration: Duration, now: Instant) {
        timers.arm(timer, at: now + duration)
    }

    mutating func popSendQueue() -> QueuedPacket? {
        guard sendQueueHead < sendQueue.count else { return nil }
        let packet = sendQueue[sendQueueHead]
        sendQueueHead += 1
        dequeuedPackets += 1
        if sendQueueHead > 256, sendQueueHead * 2 > sendQueue.count {
            sendQueue.removeFirst(sendQueueHead)
            sendQueueHead = 0
        }
        return packet
    }

    mutating func fire(_ timer: SRPTimer, now: Instant, effects: inout [SRPEffect]) {
        switch timer {
        case .tokenLoss: tokenLossExpired(now: now, effects: &effects)
        case .tokenRetransmit: tokenRetransmitExpired(now: now, effects: &effects)
        case .hold: holdExpired(now: now, effects: &effects)
        case .join: joinTimerExpired(now: now, effects: &effects)
        case .consensus: consensusExpired(now: now, effects: &effects)
        case .mergeDetect: mergeDetectExpired(now: now, effects: &effects)
        }
    }
}

/// Why a submission was refused.
public enum SubmitError: Error, Hashable, Sendable {
    /// Too many packets are waiting for the token; retry after some were sent (corosync's
    /// CS_ERR_TRY_AGAIN).
    case queueFull
    /// The message is larger than the 1 MiB corosync allows.
    case messageTooLarge(size: Int, limit: Int)
    /// The node has left the ring.
    case stopped
}
