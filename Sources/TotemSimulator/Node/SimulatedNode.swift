import Totem
import VoteQuorum

/// What the simulator needs from a protocol core: the entry points shared by `TotemCore` (the
/// bare ring) and `NodeCore` (the node the daemon runs), and a way to read their effects.
///
/// The simulator owns every instance, feeds it datagrams, timeouts and submissions with a
/// virtual `now`, and applies the returned effects (``outputs(of:)``). An instance must be a pure state machine:
/// no clock, no I/O, no unseeded randomness, no iteration over hashed collections that can leak
/// into its output, or runs stop being reproducible from their seed.
///
/// The real cores conform as they are: `extension TotemCore: SimulatedNode` and
/// `extension NodeCore: SimulatedNode`.
public protocol SimulatedNode: Sendable {
    /// What the entry points return.
    associatedtype Effect: Sendable

    /// Per-run settings every node of a simulation shares beyond the totem parameters (the
    /// quorum options of a full-stack node); ``NoNodeSetup`` for a bare ring core.
    associatedtype Setup: SimulatedNodeSetup = NoNodeSetup

    /// Creates a node that has not started yet.
    ///
    /// - Parameters:
    ///   - nodeID: this node's id.
    ///   - nodes: the static nodelist, ascending, this node included.
    ///   - parameters: the timers and constants to run with.
    ///   - persistedRingSeq: the last value this node stored through `.persistRingSeq`
    ///     (0 for a node that never ran).
    init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64)

    /// Creates a node with the run's `setup`; the other parameters as in
    /// ``init(nodeID:nodes:parameters:persistedRingSeq:)``.
    init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64, setup: Setup)

    /// The setup a scenario run uses unless it passes one.
    static func defaultSetup(nodeCount: Int) -> Setup

    /// The setup a swarm run of `seed` uses: drawn from the seed, so that it is reproducible.
    static func swarmSetup(seed: UInt64, nodeCount: Int) -> Setup

    /// What the simulator acts on and checks among `effects`, in order: the ring's effects
    /// (datagrams, deliveries, configurations, persisted ring seqs, drops) and the quorum states
    /// the node reported.
    static func outputs(of effects: [Effect]) -> SimulatedOutputs

    /// Enters GATHER and begins forming a ring. Called once, right after `init`.
    mutating func start(now: Instant) -> [Effect]

    /// Handles one datagram addressed to this node.
    mutating func receive(_ datagram: [UInt8], now: Instant) -> [Effect]

    /// Handles expired timers. The simulator calls it when `now >= nextDeadline`; spurious calls
    /// must be no-ops.
    mutating func handleTimeout(now: Instant) -> [Effect]

    /// Queues an application message; it is delivered later in total order.
    mutating func submit(_ payload: [UInt8], group: [UInt8], guarantee: Guarantee, now: Instant) throws(SubmitError) -> [Effect]

    /// Orderly shutdown: sends a LEAVE. The simulator stops the node right after.
    mutating func leave(now: Instant) -> [Effect]

    /// `node`'s host answered one of our datagrams with ICMP port unreachable: its process is
    /// gone (see `TotemCore.peerUnreachable(_:now:)`). The simulator reports it only when
    /// ``Simulation/portUnreachable`` is on.
    mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [Effect]

    /// The earliest armed timer, or nil when none is armed.
    var nextDeadline: Instant? { get }

    /// Whether the node serves local clients (``request(_:now:)``); the swarm drives client
    /// traffic only for nodes that do.
    static var servesClients: Bool { get }

    /// A local client's request (cpg, votequorum, cfg); see ``ClientRequest``.
    /// - Throws: ``ClientRefusal`` when the node refuses it (a bare ring: ``ClientRefusal/unsupported``).
    mutating func request(_ request: ClientRequest, now: Instant) throws(ClientRefusal) -> [Effect]

    /// Set once the node stopped by itself (a cfg KILLNODE for it, or a requested shutdown
    /// that left the ring): the simulator then ends its incarnation.
    var selfStop: SelfStop? { get }
}

extension SimulatedNode {
    /// False: a bare node has no local clients.
    public static var servesClients: Bool { false }

    /// Refuses everything (``ClientRefusal/unsupported``).
    public mutating func request(_ request: ClientRequest, now: Instant) throws(ClientRefusal) -> [Effect] {
        throw .unsupported
    }

    /// Nil: a bare node only stops when the simulator stops it.
    public var selfStop: SelfStop? { nil }
}

extension SimulatedNode where Setup == NoNodeSetup {
    /// A bare core has no setup: ignores it.
    public init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64, setup: NoNodeSetup) {
        self.init(nodeID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: persistedRingSeq)
    }

    /// ``NoNodeSetup``.
    public static func defaultSetup(nodeCount: Int) -> NoNodeSetup { NoNodeSetup() }

    /// ``NoNodeSetup``.
    public static func swarmSetup(seed: UInt64, nodeCount: Int) -> NoNodeSetup { NoNodeSetup() }
}
