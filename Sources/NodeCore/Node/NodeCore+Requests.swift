import Totem
import VoteQuorum

extension NodeCore {
    /// Submits an application message to `group` (at most 1 MiB with its group header); it is
    /// delivered later, to every member including this node, as ``NodeEffect/delivered(_:)``.
    /// - Throws: ``SubmitError/queueFull`` when the ring's send queue is full (retry once it
    ///   drained), ``SubmitError/messageTooLarge(size:limit:)``, ``SubmitError/stopped``.
    public mutating func submit(
        _ payload: [UInt8], group: [UInt8], guarantee: Guarantee, now: Instant
    ) throws(SubmitError) -> [NodeEffect] {
        guard stop == nil else { throw .stopped }
        var effects: [NodeEffect] = []
        let submitted = try ring.submit(payload, group: group, guarantee: guarantee, now: now)
        countSent(payload, group: group, into: &effects)
        handle(submitted, now: now, into: &effects)
        flushPending(now: now, into: &effects)
        finishStep(into: &effects)
        return effects
    }

    // MARK: cpg

    /// Local process `pid` joins closed process group `group`; it hears the group once its
    /// PROCJOIN is delivered (a ``CPGEvent/membership(_:)`` event).
    /// - Throws: ``CPGError`` as ``CPGService/join(group:pid:)``, ``CPGError/tryAgain``.
    public mutating func cpgJoin(group: CPGGroupName, pid: UInt32, now: Instant) throws(CPGError) -> [NodeEffect] {
        try localRequest(now: now) { engine throws(CPGError) in try engine.cpgJoin(group: group, pid: pid) }
    }

    /// Local member `pid` leaves `group`; it hears its own leave, then nothing more.
    /// - Throws: ``CPGError`` as ``CPGService/leave(group:pid:)``, ``CPGError/tryAgain``.
    public mutating func cpgLeave(group: CPGGroupName, pid: UInt32, now: Instant) throws(CPGError) -> [NodeEffect] {
        try localRequest(now: now) { engine throws(CPGError) in try engine.cpgLeave(group: group, pid: pid) }
    }

    /// Local member `pid` multicasts `payload` to `group` (agreed order).
    /// - Throws: ``CPGError/notJoined(group:pid:)``, ``CPGError/messageTooLarge(size:limit:)``,
    ///   ``CPGError/tryAgain`` while ``localQueueLimit`` messages wait.
    public mutating func cpgMulticast(
        group: CPGGroupName, pid: UInt32, payload: [UInt8], now: Instant
    ) throws(CPGError) -> [NodeEffect] {
        try localRequest(now: now) { engine throws(CPGError) in
            try engine.cpgMulticast(group: group, pid: pid, payload: payload)
        }
    }

    mutating func localRequest(
        now: Instant, _ body: (inout EngineCore) throws(CPGError) -> [EngineEffect]
    ) throws(CPGError) -> [NodeEffect] {
        guard stop == nil else { throw .ringUnavailable("the node stopped") }
        guard acceptsLocalMessages else { throw .tryAgain }
        return step(now: now, try body(&engine))
    }

    // MARK: votequorum

    /// `corosync-quorumtool -e N`: votequorum checks the value and multicasts its RECONFIGURE;
    /// every node, this one included, applies it when it is delivered.
    /// - Throws: ``QuorumRequestError/refused(_:)``, ``QuorumRequestError/noVoteQuorum``.
    public mutating func setExpectedVotes(_ expected: UInt32, now: Instant) throws(QuorumRequestError) -> [NodeEffect] {
        try quorumRequest(now: now) { core throws(VoteQuorumRequestError) in try core.setExpectedVotes(expected) }
    }

    /// `corosync-quorumtool [-n N] -v V`: as ``setExpectedVotes(_:now:)`` for `node`'s votes.
    public mutating func setVotes(
        _ votes: UInt32, of node: NodeID, now: Instant
    ) throws(QuorumRequestError) -> [NodeEffect] {
        try quorumRequest(now: now) { core throws(VoteQuorumRequestError) in try core.setVotes(votes, of: node) }
    }

    /// Cancels wait_for_all on every node (RECONFIGURE(CANCEL_WFA)).
    public mutating func cancelWaitForAll(now: Instant) throws(QuorumRequestError) -> [NodeEffect] {
        try quorumRequest(now: now) { core in core.cancelWaitForAll() }
    }

    mutating func quorumRequest(
        now: Instant, _ request: (inout VoteQuorumCore) throws(VoteQuorumRequestError) -> [VoteQuorumEffect]
    ) throws(QuorumRequestError) -> [NodeEffect] {
        guard stop == nil else { throw .ringUnavailable("the node stopped") }
        guard engine.quorum != nil else { throw .noVoteQuorum }
        let produced: [EngineEffect]
        do throws(VoteQuorumRequestError) {
            produced = try engine.withQuorum(request)
        } catch {
            throw .refused(error)
        }
        return step(now: now, produced)
    }

    // MARK: cfg

    /// `cfgtool -k`: multicasts cfg KILLNODE (safe order) so that `target`, ours or a stock
    /// corosync, logs `Killed by node <us> : <reason>` and exits. Only a member of the current
    /// ring may be killed (this node included), as corosync.
    /// - Throws: ``NodeAdminError/notMember(_:)``, ``NodeAdminError/reasonTooLong(_:)``,
    ///   ``NodeAdminError/ringUnavailable(_:)``.
    public mutating func killNode(_ target: NodeID, reason: String, now: Instant) throws(NodeAdminError) -> [NodeEffect]
    {
        let length = reason.utf8.count
        guard length <= ServiceMessages.killNodeReasonLimit else { throw .reasonTooLong(length) }
        guard stop == nil else { throw .ringUnavailable("the node stopped") }
        guard ring.srp.members.contains(target) else { throw .notMember(target) }
        let message = EngineEffect.multicast(
            group: GroupHeader.services, payload: ServiceMessages.killNode(target, reason: reason), guarantee: .safe)
        return step(now: now, [message])
    }

    /// `cfgtool -H`: multicasts cfg SHUTDOWN (safe order); when it comes back every member logs
    /// `Node <us> was shut down by sysadmin` and this node leaves the ring (``stop`` becomes
    /// ``NodeStop/left``). If it is not delivered within `fallback`, the node leaves anyway.
    /// - Throws: ``NodeAdminError/shutdownInProgress`` for a second request.
    public mutating func requestShutdown(
        fallback: Duration = .seconds(5), now: Instant
    ) throws(NodeAdminError) -> [NodeEffect] {
        guard !shutdownRequested, stop == nil else { throw .shutdownInProgress }
        shutdownRequested = true
        shutdownDeadline = now + fallback
        let message = EngineEffect.multicast(
            group: GroupHeader.services, payload: ServiceMessages.shutdown(), guarantee: .safe)
        return step(now: now, [message])
    }

    /// `cfgtool -R`: multicasts cfg RELOAD_CONFIG (safe order) so that every member, stock nodes
    /// included, re-reads its configuration; this node's comes back as
    /// ``NodeEffect/reloadRequested(by:token:)`` carrying `token`.
    /// - Throws: ``NodeAdminError/ringUnavailable(_:)`` once stopped.
    public mutating func requestReload(token: UInt64, now: Instant) throws(NodeAdminError) -> [NodeEffect] {
        guard stop == nil else { throw .ringUnavailable("the node stopped") }
        let message = EngineEffect.multicast(
            group: GroupHeader.services, payload: ServiceMessages.reloadConfig(from: nodeID, token: token),
            guarantee: .safe)
        return step(now: now, [message])
    }

    /// Applies the runtime part of a reloaded configuration (pure, all or nothing): the
    /// nodelist (``TotemCore/setNodes(_:)``), totem's timers, votequorum's figures with their
    /// NODEINFO and RECONFIGUREs, `totem.config_version`, and the member addresses. The owner
    /// has already opened the transport to the new nodelist.
    /// - Throws: ``EngineReloadError`` (nothing changed then).
    public mutating func applyReload(
        running: TotemConfig, reloaded: TotemConfig, now: Instant
    ) throws(EngineReloadError) -> [NodeEffect] {
        let produced = try engine.reload(from: running, to: reloaded)
        ring.setNodes(reloaded.nodes.map(\.nodeID))
        ring.setParameters(reloaded.parameters)
        memberKeys.reload(configuration: reloaded)
        var effects: [NodeEffect] = []
        if let state = engine.quorumState {
            // votequorum publishes the re-read two_node right away (corosync's update_two_node).
            effects.append(.cmap(RuntimeCMapKeys.voteQuorum(state).map { .set($0.key, $0.value) }))
        }
        effects += step(now: now, produced)
        return effects
    }

    /// Carries out the services' answer to a local request and submits what it queued.
    mutating func step(now: Instant, _ produced: [EngineEffect]) -> [NodeEffect] {
        var effects: [NodeEffect] = []
        perform(produced, now: now, into: &effects)
        flushPending(now: now, into: &effects)
        finishStep(into: &effects)
        return effects
    }
}
