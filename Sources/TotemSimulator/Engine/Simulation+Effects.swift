import Totem
import VoteQuorum

extension Simulation {
    /// Starts (or restarts) a down node with its last persisted ring seq.
    mutating func start(_ node: NodeID) {
        let i = index(node)
        let restarted = slots[i].incarnation > 0
        slots[i].core = Node(
            nodeID: node, nodes: nodeIDs, parameters: parameters, persistedRingSeq: slots[i].persistedRingSeq,
            setup: setup)
        slots[i].status = .running
        slots[i].incarnation += 1
        slots[i].epoch += 1
        slots[i].pendingStart = false
        slots[i].scheduledDeadline = nil
        if restarted { statistics.restarts += 1 }
        note("start node \(node) (persisted ring seq \(slots[i].persistedRingSeq))")
        observe(.started(node, persistedRingSeq: slots[i].persistedRingSeq))
        callCore(node) { core, now in core.start(now: now) }
    }

    /// Ends a node's incarnation (crash, or after its LEAVE).
    mutating func stop(_ node: NodeID) {
        let i = index(node)
        slots[i].core = nil
        slots[i].status = .down
        slots[i].incarnation += 1
        slots[i].epoch += 1
        slots[i].inbox = []
        slots[i].inboxBytes = 0
        slots[i].scheduledDeadline = nil
        slots[i].lastQuorate = nil
        observe(.stopped(node))
    }

    /// Resumes a paused node: overdue timers fire first, then it reads everything queued.
    mutating func wakeUp(_ node: NodeID) {
        let i = index(node)
        slots[i].status = .running
        slots[i].epoch += 1
        note("resume node \(node) (\(slots[i].inbox.count) queued datagrams)")
        if let deadline = slots[i].core?.nextDeadline, deadline <= now {
            callCore(node) { core, now in core.handleTimeout(now: now) }
        }
        let inbox = slots[i].inbox
        slots[i].inbox = []
        slots[i].inboxBytes = 0
        for bytes in inbox where violations.isEmpty && slots[i].status == .running {
            receive(bytes, at: node)
        }
        armTimer(node)
    }

    /// A datagram copy reaches `node`.
    mutating func arrive(_ bytes: [UInt8], from: NodeID, at node: NodeID) {
        let i = index(node)
        switch slots[i].status {
        case .down:
            statistics.datagramsToDownNodes += 1
            if portUnreachable { answerWithPortUnreachable(from: node, to: from) }
        case .paused:
            if slots[i].inboxBytes + bytes.count > NodeSlot<Node>.inboxLimit {
                statistics.inboxOverflows += 1
            } else {
                slots[i].inbox.append(bytes)
                slots[i].inboxBytes += bytes.count
            }
        case .running:
            receive(bytes, at: node)
        }
    }

    /// Hands a datagram to a running node.
    private mutating func receive(_ bytes: [UInt8], at node: NodeID) {
        if traceEvents { note("node \(node) receives \(Self.describe(bytes))") }
        for (ring, seq) in Self.mcastKeys(bytes) { observe(.receivedMcast(node, ringID: ring, seq: seq)) }
        callCore(node) { core, now in core.receive(bytes, now: now) }
    }

    /// A timer event: calls `handleTimeout` when the node's deadline has passed.
    mutating func fireTimer(_ node: NodeID, incarnation: Int) {
        let i = index(node)
        guard slots[i].incarnation == incarnation else { return }
        if slots[i].scheduledDeadline == now { slots[i].scheduledDeadline = nil }
        guard slots[i].status == .running, let deadline = slots[i].core?.nextDeadline else { return }
        if deadline <= now {
            if traceEvents { note("node \(node) timeout (deadline \(deadline))") }
            callCore(node) { core, now in core.handleTimeout(now: now) }
        } else {
            armTimer(node)
        }
    }

    /// Calls into a running node's core and applies the effects it returns.
    mutating func callCore(_ node: NodeID, _ body: (inout Node, Instant) -> [Node.Effect]) {
        let i = index(node)
        guard var core = slots[i].core else { return }
        slots[i].core = nil
        let outputs = Node.outputs(of: body(&core, now))
        slots[i].core = core
        applyOutputs(outputs, from: node)
        armTimer(node)
    }

    /// Digests quorum states a node reported and shows them to the checkers.
    mutating func reportQuorum(_ states: [QuorumState], from node: NodeID) {
        for state in states {
            digest.combine(Array("\(node) \(state)".utf8))
            if traceEvents || slots[index(node)].lastQuorate != state.quorate {
                note(
                    "node \(node) \(state.quorate ? "quorate" : "not quorate") ring \(state.ringID)"
                        + " members \(state.members.map(\.nodeID)) expected \(state.expectedVotes)"
                        + " total \(state.totalVotes) quorum \(state.quorum)"
                )
            }
            slots[index(node)].lastQuorate = state.quorate
            observe(.quorumChanged(node, state))
        }
    }

    /// Schedules a timer event for the node's current deadline unless one is already pending.
    mutating func armTimer(_ node: NodeID) {
        let i = index(node)
        guard slots[i].status == .running, let deadline = slots[i].core?.nextDeadline,
            deadline != slots[i].scheduledDeadline
        else { return }
        slots[i].scheduledDeadline = deadline
        queue.push(.timer(node, incarnation: slots[i].incarnation), at: max(deadline, now))
    }

    /// Applies effects in order: each is digested and checked, then carried out.
    mutating func apply(_ effects: [TotemEffect], from node: NodeID) {
        for effect in effects {
            digest.combine(effect, node: node, at: now)
            observe(.effect(node, effect))
            switch effect {
            case .send(let bytes, let destination):
                send(bytes, to: destination, from: node)
            case .deliver(let message):
                statistics.deliveries += 1
                if traceEvents {
                    let name = PayloadTag.decode(message.payload).map { "\($0.id)" } ?? "\(message.payload.count) B"
                    note("node \(node) delivers \(name) \(message.guarantee) ring \(message.ringID) seq \(message.seq)")
                }
            case .configurationChanged(let change):
                if change.kind == .regular {
                    statistics.regularConfigurations += 1
                } else {
                    statistics.transitionalConfigurations += 1
                }
                note("node \(node) installs \(change)")
            case .persistRingSeq(let seq):
                slots[index(node)].persistedRingSeq = seq
            case .dropped:
                statistics.coreDrops += 1
            }
        }
    }

    private mutating func send(_ bytes: [UInt8], to destination: Destination, from node: NodeID) {
        if faults.forgeInterval != nil { forgery.overhear(bytes) }
        for (ring, seq) in Self.mcastKeys(bytes) { observe(.receivedMcast(node, ringID: ring, seq: seq)) }
        let targets: [NodeID]
        switch destination {
        case .allNodes:
            targets = nodeIDs
        case .node(let target):
            guard nodeIDs.contains(target) else {
                violations.append(
                    Violation(
                        .harness, at: now, node: node, "sent a datagram to node \(target), which is not in the nodelist"
                    ))
                return
            }
            targets = [target]
        }
        for target in targets {
            for delay in network.route(from: node, to: target, at: now) {
                queue.push(.datagram(from: node, to: target, bytes: bytes), at: now + delay)
            }
        }
        statistics.network = network.statistics
    }

    /// Feeds one trace event to the checkers.
    mutating func observe(_ event: TraceEvent) {
        violations += checkers.observe(event, at: now)
    }

    /// A short description of a datagram: its totem type and key fields.
    static func describe(_ bytes: [UInt8]) -> String {
        switch try? TotemMessage.decode(bytes) {
        case .mcast(let m)?:
            "MCAST from \(m.systemFrom) ring \(m.ringID) seq \(m.seq)"
                + "\(m.encapsulation == .recovery ? " (recovery)" : "") \(bytes.count) B"
        case .orfToken(let t)?:
            "ORF_TOKEN from \(t.header.nodeID) ring \(t.ringID) token_seq \(t.tokenSeq) seq \(t.seq)"
                + " aru \(t.aru)@\(t.aruAddr)"
                + (t.rtrList.isEmpty ? "" : " rtr \(t.rtrList.map(\.seq))") + (t.retransFlag != 0 ? " retrans" : "")
        case .join(let join)?:
            "\(join.isLeave ? "LEAVE" : "JOIN") from \(join.systemFrom) ring seq \(join.ringSeq)"
                + " proc \(join.procList) failed \(join.failedList)"
        case .commitToken(let c)?:
            "COMMIT_TOKEN ring \(c.ringID) token_seq \(c.tokenSeq) index \(c.membIndex) of \(c.addr)"
        case .mergeDetect(let m)?: "MERGE_DETECT from \(m.systemFrom) ring \(m.ringID)"
        case .tokenHoldCancel?: "TOKEN_HOLD_CANCEL"
        case nil: "\(bytes.count) B (not totem)"
        }
    }

    /// The (ring id, seq) of an MCAST datagram, and of the inner MCAST of a recovery
    /// re-origination; empty for anything else (or anything undecodable).
    static func mcastKeys(_ bytes: [UInt8]) -> [(RingID, UInt32)] {
        guard bytes.count > 3, bytes[3] == TotemMessageType.mcast.rawValue,
            case .mcast(let outer)? = try? TotemMessage.decode(bytes)
        else { return [] }
        var keys = [(outer.ringID, outer.seq)]
        if outer.encapsulation == .recovery, case .mcast(let inner)? = try? TotemMessage.decode(outer.payload) {
            keys.append((inner.ringID, inner.seq))
        }
        return keys
    }

    /// The down node's host answers `to` with ICMP port unreachable, if its rate limit allows and
    /// the way back is open; it arrives after one network latency.
    mutating func answerWithPortUnreachable(from node: NodeID, to sender: NodeID) {
        let i = index(node)
        let refill = Double((now - slots[i].icmpRefilledAt).components.seconds)
        if refill >= 1 {
            slots[i].icmpTokens = min(Self.icmpBurst, slots[i].icmpTokens + Int(refill))
            slots[i].icmpRefilledAt = slots[i].icmpRefilledAt + .seconds(Int64(refill))
        }
        guard slots[i].icmpTokens > 0, network.canReach(from: node, to: sender) else {
            statistics.icmpSuppressed += 1
            return
        }
        slots[i].icmpTokens -= 1
        statistics.icmpSent += 1
        queue.push(.portUnreachable(to: sender, about: node), at: now + network.settings.latency)
    }

    /// An ICMP port unreachable about `node` reaches `receiver` (dropped while it is down or paused).
    mutating func reportUnreachable(_ node: NodeID, to receiver: NodeID) {
        guard slots[index(receiver)].status == .running else { return }
        if traceEvents { note("node \(receiver) port unreachable from \(node)") }
        callCore(receiver) { core, now in core.peerUnreachable(node, now: now) }
    }
}
