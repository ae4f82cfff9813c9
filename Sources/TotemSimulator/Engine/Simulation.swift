import Totem
import VoteQuorum

/// A deterministic simulation of `nodeCount` protocol cores on one virtual clock and one
/// virtual network, in the style of TigerBeetle's VOPR and FoundationDB's simulator.
///
/// Everything that happens is an event on one queue ordered by (virtual time, insertion
/// counter); every random choice comes from generators derived from ``seed``. A run is
/// therefore a pure function of the seed, the settings and the scenario calls, which
/// ``digest`` (FNV-1a over every effect of every node, with times) lets a test verify.
///
/// After every effect the ``checkers`` see it; the first step that reveals a violation stops
/// the run (``violations`` is then non-empty and ``step()`` returns false).
///
/// Use it two ways:
/// - scenario tests drive it by hand: `crash`, `leave`, `restart`, `partition`, `block`, `heal`,
///   `pause`, `resume`, `clog`, `submit`, local clients of full-stack nodes (`request`,
///   `cpgJoin`, `cpgMulticast`, `killNode`, `requestShutdown`),
///   `run(for:)`, `runUntilConverged()`;
/// - swarm runs (``swarm(seed:nodeCount:toggles:maxMessageBytes:)``) inject faults and
///   submissions drawn from the seed during ``runFaultPhase(for:)``, then ``checkLiveness(bound:)``.
public struct Simulation<Node: SimulatedNode>: Sendable {
    /// The run's seed.
    public let seed: UInt64
    /// The nodelist, `1...nodeCount`.
    public let nodeIDs: [NodeID]
    /// The parameters every core runs with.
    public let parameters: TotemParameters
    /// The nodes' shared setup (quorum options of a full-stack run).
    public let setup: Node.Setup
    /// The fault knobs (the network's part lives in ``network``).
    public private(set) var faults: FaultSettings
    /// The virtual clock.
    public private(set) var now: Instant = .zero
    /// The virtual network.
    public internal(set) var network: VirtualNetwork
    /// The invariant checkers, fed every trace event.
    public internal(set) var checkers = CheckerSuite()
    /// Violations found so far (the run stops at the first step that finds any).
    public internal(set) var violations: [Violation] = []
    /// Digest of every effect of every node, in order, with times.
    public internal(set) var digest = RunDigest()
    /// Counters.
    public internal(set) var statistics = SimulationStatistics()
    /// The last notable events (faults, configurations), newest last, for failure reports.
    public internal(set) var timeline: [String] = []
    /// Whether the swarm driver is injecting faults and submissions.
    public internal(set) var faultPhase = false
    /// The local-client driver (full-stack runs; see ``enableClients(_:)``).
    public internal(set) var clients = ClientState()
    /// Most entries ``timeline`` keeps (the oldest go first).
    public var timelineLimit = 200
    /// Also record every datagram handed to a node, every timeout and every delivery in
    /// ``timeline`` (for replaying one seed under a microscope).
    public var traceEvents = false
    /// Hosts answer a datagram for a node whose process is down (crashed, left, not started yet)
    /// with ICMP port unreachable, rate-limited like Linux (`net.ipv4.icmp_ratelimit`: a burst
    /// of ``icmpBurst``, then one per second), and the sender's node gets `peerUnreachable`.
    /// Off by default, so that seeds recorded before it existed replay unchanged.
    public var portUnreachable = false
    /// Most ICMP errors a host sends back to back (Linux's `icmp_msgs_burst`-like bucket).
    public static var icmpBurst: Int { 6 }
    /// When set, ``traceEvents`` turns itself on at this virtual instant (tracing only the
    /// end of a long run).
    public var traceFrom: Instant?

    var queue = EventQueue<SimulationEvent>()
    var random: SimulationRandom
    var forgery: Forgery
    var slots: [NodeSlot<Node>]
    var eventsAtThisInstant = 0

    /// Events at one instant beyond which the run is declared stalled (a core that keeps
    /// answering at the same virtual time would otherwise spin forever).
    public static var stallLimit: Int { 1_000_000 }

    /// Creates a simulation whose nodes start at random instants within
    /// `faults.startSpread` (all at time 0 when it is zero). Nothing runs until `run`/`step`.
    ///
    /// - Parameters:
    ///   - parameters: the cores' parameters; default `faults.parameters(nodeCount:)`.
    ///   - setup: the nodes' setup; default `Node.defaultSetup(nodeCount:)`. Quorum options in
    ///     it turn the quorum checkers on.
    public init(
        seed: UInt64, nodeCount: Int, faults: FaultSettings = .none, parameters: TotemParameters? = nil,
        setup: Node.Setup? = nil
    ) {
        precondition((1...384).contains(nodeCount), "node count \(nodeCount) outside 1...384")
        self.seed = seed
        self.nodeIDs = (1...nodeCount).map { NodeID(UInt32($0)) }
        self.parameters = parameters ?? faults.parameters(nodeCount: nodeCount)
        self.faults = faults
        self.setup = setup ?? Node.defaultSetup(nodeCount: nodeCount)
        if let options = self.setup.quorumOptions { checkers.enableQuorum(options, nodes: nodeIDs) }
        let root = SimulationRandom(seed: seed)
        self.random = root.fork(1)
        self.forgery = Forgery(random: root.fork(3))
        self.network = VirtualNetwork(nodeCount: nodeCount, settings: faults, random: root.fork(2))
        self.slots = nodeIDs.map { NodeSlot(id: $0) }
        for id in nodeIDs {
            slots[index(id)].pendingStart = true
            queue.push(.start(id, epoch: 0), at: .zero + random.duration(in: .zero...faults.startSpread))
        }
    }

    /// The status of every node, by node id order.
    public var statuses: [NodeStatus] { slots.map(\.status) }

    /// The status of one node.
    public func status(of node: NodeID) -> NodeStatus { slots[index(node)].status }

    /// Nodes that are not down (running or paused), ascending.
    public var liveNodes: [NodeID] { slots.filter { $0.status != .down }.map(\.id) }

    /// Read access to a running or paused node's core.
    public func core(of node: NodeID) -> Node? { slots[index(node)].core }

    /// Processes the next event. Returns false when the queue is empty or a violation stopped
    /// the run.
    @discardableResult
    public mutating func step() -> Bool {
        guard violations.isEmpty, let (time, event) = queue.pop() else { return false }
        if time > now {
            statistics.simulatedTime += time - now
            now = time
            eventsAtThisInstant = 0
        }
        eventsAtThisInstant += 1
        statistics.events += 1
        if let traceFrom, now >= traceFrom { traceEvents = true }
        if eventsAtThisInstant > Self.stallLimit {
            violations.append(
                Violation(
                    .harness, at: now, node: nil,
                    "more than \(Self.stallLimit) events at one instant: virtual time stopped advancing"))
            return false
        }
        handle(event)
        return violations.isEmpty
    }

    /// Runs events until virtual time passes `now + duration` (or a violation stops the run);
    /// the clock then stands at exactly that instant.
    public mutating func run(for duration: Duration) {
        run(until: now + duration)
    }

    /// Runs events scheduled up to `deadline`.
    public mutating func run(until deadline: Instant) {
        while violations.isEmpty, let next = queue.nextTime, next <= deadline {
            step()
        }
        if violations.isEmpty, deadline > now {
            statistics.simulatedTime += deadline - now
            now = deadline
            eventsAtThisInstant = 0
        }
    }

    /// Runs until `done` holds or the next event lies after `deadline`; returns whether `done`
    /// held.
    mutating func run(until deadline: Instant, stoppingWhen done: (Self) -> Bool) -> Bool {
        while violations.isEmpty {
            if done(self) { return true }
            guard let next = queue.nextTime, next <= deadline else { break }
            step()
        }
        return done(self)
    }

    func index(_ node: NodeID) -> Int {
        precondition(
            (1...slots.count).contains(Int(node.rawValue)), "node \(node) is not in the nodelist 1...\(slots.count)")
        return Int(node.rawValue) - 1
    }

    mutating func note(_ line: String) {
        timeline.append("t=\(now) \(line)")
        // Trimmed in batches so that a long trace does not pay a shift per line; the
        // `timeline` reader gets at most `timelineLimit` lines after `trimTimeline()`.
        if timeline.count > timelineLimit, timeline.count >= 2 * timelineLimit || timelineLimit < 4_096 {
            trimTimeline()
        }
    }

    /// Drops the oldest ``timeline`` entries beyond ``timelineLimit``.
    mutating func trimTimeline() {
        if timeline.count > timelineLimit { timeline.removeFirst(timeline.count - timelineLimit) }
    }

    private mutating func handle(_ event: SimulationEvent) {
        switch event {
        case .datagram(let from, let to, let bytes):
            arrive(bytes, from: from, at: to)
        case .portUnreachable(let to, let about):
            reportUnreachable(about, to: to)
        case .timer(let node, let incarnation):
            fireTimer(node, incarnation: incarnation)
        case .start(let node, let epoch):
            let slot = slots[index(node)]
            if slot.status == .down, slot.epoch == epoch, slot.pendingStart { start(node) }
        case .resume(let node, let epoch):
            let slot = slots[index(node)]
            if slot.status == .paused, slot.epoch == epoch { wakeUp(node) }
        case .unclog(let node, let epoch):
            if slots[index(node)].clogEpoch == epoch { unclog(node) }
        case .fault(let kind):
            if faultPhase { injectFault(kind) }
        case .submitBurst:
            if faultPhase { submitBurst() }
        case .clients(let admin):
            if faultPhase { clientActivity(admin: admin) }
        }
    }
}
