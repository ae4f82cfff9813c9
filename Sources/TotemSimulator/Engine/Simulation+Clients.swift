import NodeCore
import Totem

/// Local clients of full-stack nodes: the request API scenario tests call, and how the
/// simulator carries out what the node tells its clients and tools.
extension Simulation {
    /// Hands a local client's request to a running node and applies what it returns.
    /// - Throws: ``ClientRefusal`` (``ClientRefusal/refused(_:)`` when the node is not running).
    public mutating func request(_ request: ClientRequest, on node: NodeID) throws(ClientRefusal) {
        let i = index(node)
        guard slots[i].status == .running, var core = slots[i].core else {
            throw .refused("node \(node) is not running")
        }
        let effects: [Node.Effect]
        do {
            effects = try core.request(request, now: now)
        } catch {
            slots[i].core = core
            statistics.clientRefusals += 1
            if traceEvents { note("node \(node) refuses \(request): \(error)") }
            throw error
        }
        slots[i].core = core
        statistics.clientRequests += 1
        if traceEvents || !request.isCPG { note("node \(node) client: \(request)") }
        applyOutputs(Node.outputs(of: effects), from: node)
        armTimer(node)
    }

    /// Process `pid` of `node` joins cpg group `group`.
    public mutating func cpgJoin(node: NodeID, pid: UInt32, group: String) throws(ClientRefusal) {
        try request(.cpgJoin(group: group, pid: pid), on: node)
    }

    /// Member `pid` of `node` leaves `group`.
    public mutating func cpgLeave(node: NodeID, pid: UInt32, group: String) throws(ClientRefusal) {
        try request(.cpgLeave(group: group, pid: pid), on: node)
    }

    /// Member `pid` of `node` multicasts a tagged message (with `filler` extra bytes) to
    /// `group`; returns its tag.
    @discardableResult
    public mutating func cpgMulticast(
        node: NodeID, pid: UInt32, group: String, filler: Int = 0
    ) throws(ClientRefusal) -> CPGTag {
        let key = CPGAddressKey(node: node, pid: pid)
        let tag = CPGTag(node: node, pid: pid, counter: clients.counters[key, default: 0] + 1)
        try request(.cpgMulticast(group: group, pid: pid, payload: tag.payload(filler: filler)), on: node)
        clients.counters[key] = tag.counter
        return tag
    }

    /// `corosync-quorumtool -e expected` run on `node`.
    public mutating func setExpectedVotes(_ expected: UInt32, on node: NodeID) throws(ClientRefusal) {
        try request(.setExpectedVotes(expected), on: node)
    }

    /// `corosync-quorumtool -n target -v votes` run on `node`.
    public mutating func setVotes(_ votes: UInt32, of target: NodeID, on node: NodeID) throws(ClientRefusal) {
        try request(.setVotes(votes, of: target), on: node)
    }

    /// `corosync-cfgtool -k target` run on `node`.
    public mutating func killNode(from node: NodeID, target: NodeID) throws(ClientRefusal) {
        try request(.killNode(target, reason: "simulated kill by node \(node)"), on: node)
    }

    /// `corosync-cfgtool -H` run on `node`.
    public mutating func requestShutdown(on node: NodeID, fallback: Duration = .seconds(2)) throws(ClientRefusal) {
        try request(.shutdown(fallback: fallback), on: node)
    }

    /// Applies one call's outputs: ring effects with the client events in their place, then
    /// the quorum reports; then, if the core stopped by itself, ends its incarnation.
    mutating func applyOutputs(_ outputs: SimulatedOutputs, from node: NodeID) {
        var done = 0
        for event in outputs.events {
            if event.afterRingEffects > done {
                apply(Array(outputs.ring[done..<event.afterRingEffects]), from: node)
                done = event.afterRingEffects
            }
            show(event.kind, from: node)
        }
        apply(done == 0 ? outputs.ring : Array(outputs.ring[done...]), from: node)
        reportQuorum(outputs.quorum, from: node)
        if let stop = slots[index(node)].core?.selfStop, !clients.expectingStop { stoppedByItself(node, stop) }
    }

    private mutating func show(_ event: ClientEvent, from node: NodeID) {
        switch event {
        case .cpg(let delivery):
            statistics.cpgEvents += 1
            // The payload is digested through its tag (its filler is checked by the cpg checker).
            let line = "node \(node) cpg \(delivery.recipient.pid) \(delivery.group): \(Self.describe(delivery.event))"
            digest.combine(Array(line.utf8))
            if traceEvents { note(line) }
            observe(.cpg(node, delivery))
        case .status(let view):
            digest.combine(Array("\(node) status \(view)".utf8))
            if traceEvents { note("node \(node) status \(view)") }
            observe(.status(node, view))
        case .syncCompleted(let ring):
            observe(.syncCompleted(node, ring))
        }
    }

    /// A core that was killed or left on request: as a crash (or a leave) of the process; in
    /// the fault phase it comes back after a downtime, after the faults after a short one (a
    /// process back within the same instant would race its own LEAVE, still in flight).
    private mutating func stoppedByItself(_ node: NodeID, _ stop: SelfStop) {
        switch stop {
        case .left:
            statistics.shutdowns += 1
            note("node \(node) shut down on request")
        case .killed(let by):
            statistics.kills += 1
            note("node \(node) killed by node \(by)")
        }
        self.stop(node)
        if clients.afterFaults {
            scheduleStart(node, after: min(faults.downtime.lowerBound, .milliseconds(500)))
        } else if faultPhase {
            scheduleStart(node, after: clients.random.duration(in: faults.downtime))
        }
    }

    static func describe(_ event: CPGEvent) -> String {
        switch event {
        case .message(let from, let payload):
            "message \(CPGTag.decode(payload).map { "\($0)" } ?? "\(payload.count) B") from \(from)"
        case .membership(let change):
            "members \(change.members) joined \(change.joined.map(\.address)) left \(change.left.map(\.address))"
        }
    }
}

extension ClientRequest {
    var isCPG: Bool {
        switch self {
        case .cpgJoin, .cpgLeave, .cpgMulticast: true
        case .setExpectedVotes, .setVotes, .killNode, .shutdown: false
        }
    }
}
