import Totem

/// The scenario API: hand-written hard cases, as TigerBeetle's `replica_test` and corosync's
/// `vqsim` script them. Every call acts at the current virtual time; `run` moves time on.
extension Simulation {
    /// Crashes a running or paused node now (its queued inputs are lost); with `restartAfter`
    /// it comes back after that long with its last persisted ring seq.
    public mutating func crash(_ node: NodeID, restartAfter downtime: Duration? = nil) {
        guard status(of: node) != .down else { return }
        statistics.crashes += 1
        note("crash node \(node)")
        stop(node)
        if let downtime { scheduleStart(node, after: downtime) }
    }

    /// Orderly shutdown of a running node: it sends its LEAVE, then stops. With `restartAfter`
    /// it comes back after that long.
    public mutating func leave(_ node: NodeID, restartAfter downtime: Duration? = nil) {
        guard status(of: node) == .running else { return }
        statistics.leaves += 1
        note("leave node \(node)")
        clients.expectingStop = true
        callCore(node) { core, now in core.leave(now: now) }
        clients.expectingStop = false
        stop(node)
        if let downtime { scheduleStart(node, after: downtime) }
    }

    /// Starts a down node now (a restart if it ran before), with its last persisted ring seq.
    public mutating func restart(_ node: NodeID) {
        guard status(of: node) == .down else { return }
        start(node)
    }

    /// Hangs a running node: inputs queue up (up to 2 MiB), timers do not fire. With
    /// `duration` it resumes by itself after that long; otherwise call ``resume(_:)``.
    public mutating func pause(_ node: NodeID, for duration: Duration? = nil) {
        let i = index(node)
        guard slots[i].status == .running else { return }
        statistics.pauses += 1
        slots[i].status = .paused
        slots[i].epoch += 1
        note("pause node \(node)" + (duration.map { " for \(FaultSettings.format($0))" } ?? ""))
        if let duration { queue.push(.resume(node, epoch: slots[i].epoch), at: now + duration) }
    }

    /// Resumes a paused node now: overdue timers fire, then it reads its queued datagrams.
    public mutating func resume(_ node: NodeID) {
        guard status(of: node) == .paused else { return }
        wakeUp(node)
    }

    /// Splits the network into groups that cannot reach each other (nodes in no group are
    /// isolated), replacing any earlier partition.
    public mutating func partition(_ groups: [[NodeID]]) {
        statistics.partitions += 1
        note("partition \(groups)")
        network.partition(groups)
    }

    /// Cuts the link from `from` to `to` only (asymmetric).
    public mutating func block(from: NodeID, to: NodeID) {
        statistics.asymmetricPartitions += 1
        note("block \(from) -> \(to)")
        network.block(from: from, to: to)
    }

    /// Slows every datagram to or from `node` by `delay` (FoundationDB's clogging); with
    /// `duration` the clog clears by itself after that long, otherwise call ``unclog(_:)``.
    public mutating func clog(_ node: NodeID, by delay: Duration, for duration: Duration? = nil) {
        let i = index(node)
        statistics.clogs += 1
        slots[i].clogEpoch += 1
        note(
            "clog node \(node) by \(FaultSettings.format(delay))"
                + (duration.map { " for \(FaultSettings.format($0))" } ?? ""))
        network.clog(node, by: delay)
        if let duration { queue.push(.unclog(node, epoch: slots[i].clogEpoch), at: now + duration) }
    }

    /// Clears a node's clog now.
    public mutating func unclog(_ node: NodeID) {
        slots[index(node)].clogEpoch += 1
        note("unclog node \(node)")
        network.unclog(node)
    }

    /// Restores every link.
    public mutating func heal() {
        statistics.heals += 1
        note("heal")
        network.heal()
    }

    /// Changes loss, duplication and latency from now on (process-fault knobs are ignored here).
    public mutating func setNetwork(_ settings: FaultSettings) {
        network.settings = settings
    }

    /// Submits a tagged message of `bytes` body bytes on a running node; returns its id, or nil
    /// when the node is not running.
    @discardableResult
    public mutating func submit(from node: NodeID, bytes: Int, guarantee: Guarantee = .agreed) -> MessageID? {
        let i = index(node)
        guard slots[i].status == .running else { return nil }
        slots[i].submitCounter += 1
        let id = MessageID(sender: node, counter: slots[i].submitCounter)
        let (tag, payload) = PayloadTag.payload(id: id, guarantee: guarantee, bodyLength: bytes)
        guard var core = slots[i].core else { return nil }
        let effects: [Node.Effect]
        do {
            effects = try core.submit(payload, group: PayloadTag.group, guarantee: guarantee, now: now)
        } catch {
            slots[i].core = core
            // Refused (the send queue is full): the caller would retry later; nothing to expect.
            statistics.submissionsRefused += 1
            return nil
        }
        let outputs = Node.outputs(of: effects)
        slots[i].core = core
        statistics.messagesSubmitted += 1
        statistics.bytesSubmitted += bytes
        observe(.submitted(tag))
        applyOutputs(outputs, from: node)
        armTimer(node)
        return id
    }

    /// Runs until one regular configuration of exactly the live nodes has formed; returns its
    /// ring id. If it has not formed within `bound` (default: the convergence part of
    /// ``LivenessBound``), records a liveness violation and returns nil.
    @discardableResult
    public mutating func runUntilConverged(within bound: Duration? = nil) -> RingID? {
        let limit = bound ?? LivenessBound().convergence(parameters)
        let deadline = now + limit
        let formed = run(until: deadline) { sim in sim.checkers.liveness.convergedRing(liveNodes: sim.liveNodes) != nil
        }
        if formed { return checkers.liveness.convergedRing(liveNodes: liveNodes) }
        if violations.isEmpty {
            violations.append(
                Violation(
                    .liveness, at: now, node: nil,
                    "no regular configuration of the live nodes \(liveNodes) formed within "
                        + "\(FaultSettings.format(limit)); last configurations: \(lastConfigurations())"
                ))
        }
        return nil
    }

    /// Runs until every live node has delivered every message in `ids` (or `bound` passes);
    /// returns whether they did. Records no violation by itself.
    @discardableResult
    public mutating func runUntilDelivered(_ ids: [MessageID], within bound: Duration) -> Bool {
        run(until: now + bound) { sim in
            ids.allSatisfy { id in sim.liveNodes.allSatisfy { sim.checkers.liveness.hasDelivered($0, id) } }
        }
    }

    /// Each node's latest configuration, for reports.
    public func lastConfigurations() -> String {
        nodeIDs.map { node in
            "node \(node) [\(status(of: node).rawValue)]: "
                + (checkers.liveness.lastConfiguration(of: node).map {
                    "\($0.kind == .regular ? "regular" : "transitional") \($0.ringID) \($0.members)"
                } ?? "none")
        }.joined(separator: "; ")
    }

    mutating func scheduleStart(_ node: NodeID, after delay: Duration) {
        let i = index(node)
        slots[i].pendingStart = true
        queue.push(.start(node, epoch: slots[i].epoch), at: now + delay)
    }
}
