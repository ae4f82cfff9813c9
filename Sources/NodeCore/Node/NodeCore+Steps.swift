import CMap
import Totem
import VoteQuorum

extension NodeCore {
    /// One input to the ring: pending service messages first, the input, then pending ones again.
    mutating func input(now: Instant, _ body: (inout TotemCore, Instant) -> [TotemEffect]) -> [NodeEffect] {
        var effects: [NodeEffect] = []
        flushPending(now: now, into: &effects)
        handle(body(&ring, now), now: now, into: &effects)
        flushPending(now: now, into: &effects)
        finishStep(into: &effects)
        return effects
    }

    /// Passes the ring's effects on and feeds the services what concerns them, in order. The
    /// services' multicasts only queue up here: the caller flushes once the whole batch has been
    /// fed, so that a submission's own effects never overtake the rest of the batch.
    mutating func handle(_ ringEffects: [TotemEffect], now: Instant, into effects: inout [NodeEffect]) {
        for effect in ringEffects {
            switch effect {
            case .send(let bytes, let destination):
                effects.append(.send(bytes, to: destination))
            case .persistRingSeq(let seq):
                effects.append(.persistRingSeq(seq))
            case .dropped(let reason):
                effects.append(.dropped(reason))
            case .configurationChanged(let change):
                effects.append(.configurationChanged(change))
                if change.kind == .regular {
                    effects.append(.log(subsystem: "TOTEM", message: MembershipLog.newMembership(change)))
                    let keys = memberKeys.changes(for: change)
                    if !keys.isEmpty { effects.append(.cmap(keys)) }
                }
                perform(engine.configurationChanged(change, now: now), now: now, into: &effects)
            case .deliver(let message):
                effects.append(.delivered(message))
                guard message.isEngineMessage else { continue }
                if message.groups.contains(GroupHeader.services) {
                    var keys = memberKeys.changes(forServiceMessage: message.payload, from: message.sender)
                    if let key = counters.key(for: message.payload, .received) { keys.append(.increment(key)) }
                    if !keys.isEmpty { effects.append(.cmap(keys)) }
                }
                perform(engine.delivered(message, now: now), now: now, into: &effects)
            }
        }
    }

    /// Carries out the services' effects: multicasts queue up behind any pending ones (the
    /// caller flushes), the rest is passed on with the log lines and cmap keys it implies.
    mutating func perform(_ engineEffects: [EngineEffect], now: Instant, into effects: inout [NodeEffect]) {
        for effect in engineEffects {
            switch effect {
            case .multicast(let group, let payload, let guarantee):
                pendingMulticasts.append(PendingMulticast(group: group, payload: payload, guarantee: guarantee))
            case .quorumChanged(let state):
                if lastNotifiedQuorum?.quorate != state.quorate {
                    effects.append(.log(subsystem: "QUORUM", message: state.quorate
                        ? "This node is within the primary component and will provide service."
                        : "This node is within the non-primary component and will NOT provide any services."))
                }
                let members = state.members.filter { $0.state == .member }.map(\.nodeID)
                effects.append(.log(
                    subsystem: "QUORUM",
                    message: "Members[\(members.count)]: \(members.map(\.description).joined(separator: " "))"))
                effects.append(.cmap(RuntimeCMapKeys.voteQuorum(state).map { .set($0.key, $0.value) }))
                lastNotifiedQuorum = state
                effects.append(.quorumChanged(state))
            case .log(let subsystem, let message):
                effects.append(.log(subsystem: subsystem, message: message))
            case .syncCompleted(let ringID):
                // The status moves to the new configuration first, so that whoever acts on
                // the completion sees it.
                status = NodeStatus(ringID: ringID, members: engine.sync.members, quorum: engine.quorumState)
                effects.append(.status(status))
                effects.append(.syncCompleted(ringID))
            case .killed(let sender, let reason):
                stop = .killed(by: sender, reason: reason)
                effects.append(.killed(by: sender, reason: reason))
            case .shutdownRequested:
                if stop == nil { leaveRing(now: now, into: &effects) }
            case .reloadRequested(let sender, let token):
                effects.append(.reloadRequested(by: sender, token: token))
            case .persistExpectedVotes(let value):
                effects.append(.persistExpectedVotes(value))
            case .cpg(let delivery):
                effects.append(.cpg(delivery))
            }
        }
    }

    /// Submits pending service messages, oldest first, until the ring refuses one; what a
    /// submission makes the ring do is fed back (and may queue more, which go out in turn).
    mutating func flushPending(now: Instant, into effects: inout [NodeEffect]) {
        while let next = pendingMulticasts.first {
            let submitted: [TotemEffect]
            do throws(SubmitError) {
                submitted = try ring.submit(next.payload, group: next.group, guarantee: next.guarantee, now: now)
            } catch {
                switch error {
                case .queueFull: return
                case .stopped, .messageTooLarge:
                    // After a LEAVE nothing goes out; service messages are far below the size limit.
                    pendingMulticasts.removeAll()
                    return
                }
            }
            pendingMulticasts.removeFirst()
            countSent(next.payload, group: next.group, into: &effects)
            handle(submitted, now: now, into: &effects)
        }
    }

    /// Counts a service message this node queued in `runtime.services.<name>.<fn>.tx`.
    mutating func countSent(_ payload: [UInt8], group: [UInt8], into effects: inout [NodeEffect]) {
        guard group == GroupHeader.services, let key = counters.key(for: payload, .sent) else { return }
        effects.append(.cmap([.increment(key)]))
    }

    /// Ends a step: the status shown to tools follows votequorum while no sync runs (before the
    /// first ring, and once a sync completed), and keeps the last completed configuration while
    /// one runs. The first sync too: votequorum's state for a ring still being synchronized,
    /// shown with this node alone as members, would make two nodes show disjoint quorate groups.
    mutating func finishStep(into effects: inout [NodeEffect]) {
        let operational = ring.srp.state == .operational
        if operational != isOperational {
            isOperational = operational
            effects.append(.operational(operational))
        }
        guard engine.sync.phase == .idle else { return }
        var next = status
        next.quorum = engine.quorumState
        guard next != status else { return }
        status = next
        effects.append(.status(next))
    }

    /// Sends the LEAVE and stops.
    mutating func leaveRing(now: Instant, into effects: inout [NodeEffect]) {
        handle(ring.leave(now: now), now: now, into: &effects)
        stop = .left
        shutdownDeadline = nil
    }
}
