import ClusterEngine
import Totem
import VoteQuorum

/// A full-stack simulated member: the ring (`TotemCore`) with the engine above it
/// (`EngineCore`: sync barriers and votequorum), wired as totemd wires them.
///
/// - Ring deliveries in the engine's groups (`"a"` services, `"sync"`) go to the engine; every
///   delivery is still returned as `TotemEffect.deliver`, so the ring checkers see all of them.
/// - Configuration changes go to the engine after the ring reports them.
/// - The engine's multicasts are submitted to the ring in the order it gives them. When the
///   ring refuses with `queueFull`, they wait in ``pendingMulticasts`` (FIFO) and are retried
///   at the start and end of every later input: never dropped, never reordered.
/// - The engine's timer (last_man_standing window) is folded into ``nextDeadline``.
/// - Quorum changes are kept for ``takeQuorumChanges()`` and ``quorumState``; so is a
///   last_man_standing shrink of expected votes, which votequorum does not notify.
public struct ClusterSimNode: SimulatedNode {
    /// The ring core.
    public private(set) var ring: TotemCore
    /// The engine above the ring.
    public private(set) var engine: EngineCore
    /// Engine multicasts the ring has not accepted yet, oldest first.
    public private(set) var pendingMulticasts: [(group: [UInt8], payload: [UInt8], guarantee: Guarantee)] = []
    /// The latest quorum state the engine reported (nil before the first report).
    public private(set) var quorumState: QuorumState?
    var unreportedQuorumChanges: [QuorumState] = []

    /// A node with plain-majority quorum over `nodes` (one vote each).
    public init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64) {
        self.init(nodeID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: persistedRingSeq,
                  setup: .majority(nodeCount: nodes.count))
    }

    /// A node running votequorum with `setup.options` (which must resolve for this node).
    public init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64, setup: QuorumSetup) {
        ring = TotemCore(nodeID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: persistedRingSeq)
        let configuration: VoteQuorumConfiguration
        do {
            configuration = try setup.options.resolve(localNodeID: nodeID)
        } catch {
            preconditionFailure("quorum setup \(setup) does not resolve for node \(nodeID): \(error)")
        }
        engine = EngineCore(myID: nodeID, quorumConfiguration: configuration, configVersion: nil)
    }

    /// Plain majority.
    public static func defaultSetup(nodeCount: Int) -> QuorumSetup { .majority(nodeCount: nodeCount) }

    /// See ``QuorumSetup/swarm(seed:nodeCount:)``.
    public static func swarmSetup(seed: UInt64, nodeCount: Int) -> QuorumSetup { .swarm(seed: seed, nodeCount: nodeCount) }

    /// See ``SimulatedNode/takeQuorumChanges()``.
    public mutating func takeQuorumChanges() -> [QuorumState] {
        defer { unreportedQuorumChanges = [] }
        return unreportedQuorumChanges
    }

    /// See ``SimulatedNode/start(now:)``: the ring starts, then votequorum queues its first NODEINFO.
    public mutating func start(now: Instant) -> [TotemEffect] {
        var effects: [TotemEffect] = []
        handle(ring.start(now: now), now: now, into: &effects)
        perform(engine.start(now: now), now: now, into: &effects)
        effects += flushPending(now: now)
        return effects
    }

    /// See ``SimulatedNode/receive(_:now:)``.
    public mutating func receive(_ datagram: [UInt8], now: Instant) -> [TotemEffect] {
        input(now: now) { ring, now in ring.receive(datagram, now: now) }
    }

    /// See ``SimulatedNode/handleTimeout(now:)``: the ring's timers, then the engine's.
    public mutating func handleTimeout(now: Instant) -> [TotemEffect] {
        var effects = input(now: now) { ring, now in
            guard let deadline = ring.nextDeadline, deadline <= now else { return [] }
            return ring.handleTimeout(now: now)
        }
        if let deadline = engine.nextDeadline, deadline <= now {
            let reported = unreportedQuorumChanges.count
            perform(engine.handleTimeout(now: now), now: now, into: &effects)
            effects += flushPending(now: now)
            // The last_man_standing window shrinks expected votes without a quorum
            // notification when quorate does not change; report it, keeping the decision
            // (quorate, members) of the last notification.
            if unreportedQuorumChanges.count == reported, var last = quorumState, let current = engine.quorumState,
                current.expectedVotes != last.expectedVotes || current.quorum != last.quorum
            {
                last.expectedVotes = current.expectedVotes
                last.quorum = current.quorum
                quorumState = last
                unreportedQuorumChanges.append(last)
            }
        }
        return effects
    }

    /// See ``SimulatedNode/submit(_:group:guarantee:now:)``: application messages go straight to the ring.
    public mutating func submit(_ payload: [UInt8], group: [UInt8], guarantee: Guarantee, now: Instant) throws(SubmitError) -> [TotemEffect] {
        var effects: [TotemEffect] = []
        let submitted = try ring.submit(payload, group: group, guarantee: guarantee, now: now)
        handle(submitted, now: now, into: &effects)
        effects += flushPending(now: now)
        return effects
    }

    /// See ``SimulatedNode/leave(now:)``.
    public mutating func leave(now: Instant) -> [TotemEffect] {
        var effects: [TotemEffect] = []
        handle(ring.leave(now: now), now: now, into: &effects)
        return effects
    }

    /// See ``SimulatedNode/peerUnreachable(_:now:)``.
    public mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [TotemEffect] {
        var effects: [TotemEffect] = []
        handle(ring.peerUnreachable(node, now: now), now: now, into: &effects)
        return effects
    }

    /// The earlier of the ring's and the engine's deadlines.
    public var nextDeadline: Instant? {
        switch (ring.nextDeadline, engine.nextDeadline) {
        case (let a?, let b?): min(a, b)
        case (let a?, nil): a
        case (nil, let b?): b
        case (nil, nil): nil
        }
    }

    // MARK: Internals

    /// One input to the ring: pending multicasts first, the input, then pending ones again.
    mutating func input(now: Instant, _ body: (inout TotemCore, Instant) -> [TotemEffect]) -> [TotemEffect] {
        var effects = flushPending(now: now)
        handle(body(&ring, now), now: now, into: &effects)
        effects += flushPending(now: now)
        return effects
    }

    /// Passes the ring's effects on and feeds the engine what concerns it, in order. The
    /// engine's multicasts only queue up here: the caller flushes once the whole batch has been
    /// fed, so that a submission's own effects never overtake the rest of the batch.
    mutating func handle(_ ringEffects: [TotemEffect], now: Instant, into effects: inout [TotemEffect]) {
        for effect in ringEffects {
            effects.append(effect)
            switch effect {
            case .configurationChanged(let change):
                perform(engine.configurationChanged(change, now: now), now: now, into: &effects)
            case .deliver(let message):
                if message.groups.contains(GroupHeader.sync) || message.groups.contains(GroupHeader.services) {
                    perform(engine.delivered(message, now: now), now: now, into: &effects)
                }
            case .send, .persistRingSeq, .dropped:
                break
            }
        }
    }

    /// Carries out the engine's effects: multicasts queued in order behind any pending ones
    /// (the caller flushes), quorum changes recorded; logs and the rest have no meaning in the
    /// simulator.
    mutating func perform(_ engineEffects: [EngineEffect], now: Instant, into effects: inout [TotemEffect]) {
        for effect in engineEffects {
            switch effect {
            case .multicast(let group, let payload, let guarantee):
                pendingMulticasts.append((group, payload, guarantee))
            case .quorumChanged(let state):
                quorumState = state
                unreportedQuorumChanges.append(state)
            case .log, .syncCompleted, .killed, .shutdownRequested, .reloadRequested, .persistExpectedVotes, .cpg:
                break
            }
        }
    }

    /// Submits pending engine multicasts, oldest first, until the ring refuses one; what a
    /// submission makes the ring do is fed back (and may queue more, which go out in turn).
    mutating func flushPending(now: Instant) -> [TotemEffect] {
        var effects: [TotemEffect] = []
        while let next = pendingMulticasts.first {
            let submitted: [TotemEffect]
            do {
                submitted = try ring.submit(next.payload, group: next.group, guarantee: next.guarantee, now: now)
            } catch {
                switch error {
                case .queueFull: return effects
                case .stopped, .messageTooLarge:
                    // After a LEAVE nothing goes out; engine messages are far below the size limit.
                    pendingMulticasts.removeAll()
                    return effects
                }
            }
            pendingMulticasts.removeFirst()
            handle(submitted, now: now, into: &effects)
        }
        return effects
    }
}
