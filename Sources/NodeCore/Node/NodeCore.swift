import CMap
import Totem
import VoteQuorum

/// One cluster node as a pure state machine: the totem ring (``TotemCore``) with everything a
/// member of a corosync cluster runs above it (``EngineCore``: corosync's sync barriers,
/// votequorum, cpg and cfg) and the `runtime.*` cmap keys derived from them.
///
/// It owns no socket, clock, thread or random source: every input carries `now` and every
/// entry point answers with ``NodeEffect``s for its owner to carry out in order. The daemon and
/// embedders run it on the ring thread (`RingRuntime`), the simulator runs many of it on a
/// virtual network; they run exactly this type.
///
/// ```swift
/// var node = try NodeCore(config: config, persistedRingSeq: 0)
/// var effects = node.start(now: now)
/// effects += node.receive(datagram, now: now)       // from the transport
/// if let deadline = node.nextDeadline, deadline <= now { effects += node.handleTimeout(now: now) }
/// effects += try node.cpgJoin(group: name, pid: 42, now: now)
/// ```
///
/// **Queue-full policy.** The messages the services produce (sync, NODEINFO, cpg, cfg) are never
/// dropped nor reordered: when the ring's send queue is full they wait in order, and are
/// submitted at the start and end of every later input. Requests of local users (cpg
/// multicasts, joins) are refused with a try-again error once ``localQueueLimit`` messages wait,
/// so that no local client can grow the node's memory without bound.
///
/// **Timers.** ``nextDeadline`` is the earliest of the ring's timers, votequorum's
/// last_man_standing window and a requested shutdown's fallback; nothing else keeps time.
public struct NodeCore: Sendable {
    /// The ring core.
    public internal(set) var ring: TotemCore
    /// The services above the ring.
    public internal(set) var engine: EngineCore
    /// Service messages the ring has not accepted yet, oldest first.
    public internal(set) var pendingMulticasts: [PendingMulticast] = []
    /// The last quorum state votequorum notified (nil before the first).
    public internal(set) var lastNotifiedQuorum: QuorumState?
    /// What tools and snapshots show (see ``NodeStatus``).
    public internal(set) var status: NodeStatus
    /// Set once the node stopped: it left the ring (`cfgtool -H`, ``leave(now:)``) or was
    /// killed; it takes no more input then.
    public internal(set) var stop: NodeStop?
    var memberKeys: MemberKeys
    let counters: ExecServiceCounters
    /// When a requested shutdown leaves even if its SHUTDOWN was not delivered.
    var shutdownDeadline: Instant?
    var shutdownRequested = false
    /// Whether the ring was OPERATIONAL at the end of the last step.
    public internal(set) var isOperational = false

    /// Most local-user messages (cpg joins, leaves, multicasts) that may wait for the ring
    /// before further ones are refused with a try-again error.
    public static let localQueueLimit = 512

    /// A service message waiting for room in the ring's send queue.
    public struct PendingMulticast: Hashable, Sendable {
        /// The totempg group.
        public var group: [UInt8]
        /// The message.
        public var payload: [UInt8]
        /// Its delivery guarantee.
        public var guarantee: Guarantee
    }

    /// Creates a node that has not started yet.
    /// - Parameters:
    ///   - nodeID: this node; it must be in `nodes`.
    ///   - nodes: the nodelist's node ids.
    ///   - parameters: totem's timers and constants.
    ///   - persistedRingSeq: the ring seq last persisted (0 for a node that never ran).
    ///   - engine: the services (votequorum's configuration, `totem.config_version`).
    ///   - memberAddresses: each node's ring0 address, for `runtime.members.<id>.ip`.
    public init(
        nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64, engine: EngineCore,
        memberAddresses: [NodeID: String] = [:]
    ) {
        ring = TotemCore(nodeID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: persistedRingSeq)
        self.engine = engine
        memberKeys = MemberKeys(addresses: memberAddresses)
        counters = ExecServiceCounters(services: engine.services)
        status = NodeStatus(ringID: nil, members: [nodeID], quorum: engine.quorumState)
    }

    /// The node of a loaded corosync.conf.
    /// - Throws: votequorum's start-up validation error, as corosync refuses to start (status 20).
    public init(config: TotemConfig, persistedRingSeq: UInt64, trackedExpectedVotes: UInt32 = 0)
        throws(VoteQuorumConfigurationError)
    {
        let engine = try EngineCore(config: config, trackedExpectedVotes: trackedExpectedVotes)
        self.init(
            nodeID: config.localNode.nodeID, nodes: config.nodes.map(\.nodeID), parameters: config.parameters,
            persistedRingSeq: persistedRingSeq, engine: engine, memberAddresses: MemberKeys.addresses(of: config))
    }

    /// This node.
    public var nodeID: NodeID { ring.srp.myID }

    /// Runs with a reloaded nodelist's ids (see ``TotemCore/setNodes(_:)``).
    /// - Returns: false, nothing changed, when `nodes` lacks this node.
    @discardableResult
    public mutating func setNodes(_ nodes: [NodeID]) -> Bool { ring.setNodes(nodes) }

    /// Replaces a node that has not started yet by the same node whose ring seq persisted last
    /// is `seq` (a runtime reads it from stable storage when it starts).
    public mutating func restore(persistedRingSeq seq: UInt64) {
        ring = TotemCore(nodeID: nodeID, nodes: ring.srp.nodes, parameters: ring.srp.parameters, persistedRingSeq: seq)
    }

    /// The latest quorum state votequorum reported: its last notification, with expected votes
    /// and quorum kept current when the last_man_standing window lowered them (nil before the
    /// first, or without votequorum).
    public var quorumState: QuorumState? { lastNotifiedQuorum }

    /// The cmap keys of the counters and services at start (`runtime.services.*`,
    /// `internal_configuration.service.*`), to publish before the node starts.
    public var initialCMapKeys: [(key: String, value: CMapValue)] { counters.initialKeys }

    /// Starts the ring, then votequorum queues its first NODEINFO (as corosync does).
    public mutating func start(now: Instant) -> [NodeEffect] {
        var effects: [NodeEffect] = []
        handle(ring.start(now: now), now: now, into: &effects)
        perform(engine.start(now: now), now: now, into: &effects)
        flushPending(now: now, into: &effects)
        finishStep(into: &effects)
        return effects
    }

    /// Handles one datagram received from the transport.
    public mutating func receive(_ datagram: [UInt8], now: Instant) -> [NodeEffect] {
        guard stop == nil else { return [] }
        return input(now: now) { ring, now in ring.receive(datagram, now: now) }
    }

    /// Fires due timers: the ring's, then votequorum's, then a shutdown's fallback. Spurious
    /// calls do nothing.
    public mutating func handleTimeout(now: Instant) -> [NodeEffect] {
        guard stop == nil else { return [] }
        var effects = input(now: now) { ring, now in
            guard let deadline = ring.nextDeadline, deadline <= now else { return [] }
            return ring.handleTimeout(now: now)
        }
        if let deadline = engine.nextDeadline, deadline <= now {
            let before = effects.count
            perform(engine.handleTimeout(now: now), now: now, into: &effects)
            flushPending(now: now, into: &effects)
            let notified = effects[before...].contains { if case .quorumChanged = $0 { true } else { false } }
            if !notified, var last = lastNotifiedQuorum, let current = engine.quorumState,
                current.expectedVotes != last.expectedVotes || current.quorum != last.quorum
            {
                last.expectedVotes = current.expectedVotes
                last.quorum = current.quorum
                lastNotifiedQuorum = last
                effects.append(.quorumFiguresChanged(last))
            }
        }
        if let deadline = shutdownDeadline, deadline <= now, stop == nil {
            effects.append(.log(subsystem: "CFG", message: "Shutdown message not delivered in time: leaving anyway"))
            leaveRing(now: now, into: &effects)
        }
        finishStep(into: &effects)
        return effects
    }

    /// `node`'s host answered with ICMP port unreachable: its process is gone.
    public mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [NodeEffect] {
        guard stop == nil else { return [] }
        var effects: [NodeEffect] = []
        handle(ring.peerUnreachable(node, now: now), now: now, into: &effects)
        finishStep(into: &effects)
        return effects
    }

    /// Leaves the ring in an orderly way (a LEAVE, so the others re-form at once) and stops.
    public mutating func leave(now: Instant) -> [NodeEffect] {
        guard stop == nil else { return [] }
        var effects: [NodeEffect] = []
        leaveRing(now: now, into: &effects)
        return effects
    }

    /// The earliest armed timer (nil once stopped).
    public var nextDeadline: Instant? {
        guard stop == nil else { return nil }
        return [ring.nextDeadline, engine.nextDeadline, shutdownDeadline].compactMap { $0 }.min()
    }

    /// Whether a local user's message would be queued now (see ``localQueueLimit``).
    public var acceptsLocalMessages: Bool {
        pendingMulticasts.count + engine.heldMessageCount < Self.localQueueLimit
    }
}

/// Why a ``NodeCore`` stopped.
public enum NodeStop: Hashable, Sendable {
    /// It left the ring (a LEAVE was sent).
    case left
    /// A cfg KILLNODE for it was delivered.
    case killed(by: NodeID, reason: String)

    /// The reason a runtime reports (nil for an orderly leave).
    public var failure: String? {
        switch self {
        case .left: nil
        case .killed(let node, let reason): "Killed by node \(node) : \(reason)"
        }
    }
}
