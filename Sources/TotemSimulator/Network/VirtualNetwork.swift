import Totem

/// The simulated network between nodes `1...nodeCount`: per-datagram loss, duplication and
/// delay (base latency plus uniform jitter, which reorders), and a reachability matrix for
/// symmetric and asymmetric partitions.
///
/// Self-addressed datagrams (udpu sends "multicasts" to the sender too) are never lost,
/// duplicated or blocked and have a fixed loopback latency, so they keep their order.
/// Reachability is decided when a datagram is sent. The network draws from its own generator,
/// so its decisions depend only on its seed and the sequence of ``route(from:to:at:)`` calls.
public struct VirtualNetwork: Sendable {
    /// What happened to the datagrams routed so far.
    public struct Statistics: Hashable, Sendable, CustomStringConvertible {
        /// Datagrams routed (one per destination).
        public var routed = 0
        /// Copies scheduled for delivery (duplicates included).
        public var scheduled = 0
        /// Lost at random.
        public var lost = 0
        /// Extra copies.
        public var duplicated = 0
        /// Dropped because the link was cut by a partition.
        public var blocked = 0
        /// Copies that will arrive before a copy routed earlier on the same link.
        public var reordered = 0

        /// `routed=... lost=... ...`.
        public var description: String {
            "routed=\(routed) lost=\(lost) duplicated=\(duplicated) blocked=\(blocked) reordered=\(reordered)"
        }
    }

    /// Number of nodes; node ids are `1...nodeCount`.
    public let nodeCount: Int
    /// Loss, duplication and latency knobs (the process-fault knobs are not used here).
    public var settings: FaultSettings
    /// Counters.
    public private(set) var statistics = Statistics()
    private var random: SimulationRandom
    private var cut: [Bool]
    private var lastArrival: [Instant]
    private var clogDelay: [Duration]

    /// Creates a fully connected network.
    public init(nodeCount: Int, settings: FaultSettings, random: SimulationRandom) {
        self.nodeCount = nodeCount
        self.settings = settings
        self.random = random
        cut = Array(repeating: false, count: nodeCount * nodeCount)
        lastArrival = Array(repeating: .zero, count: nodeCount * nodeCount)
        clogDelay = Array(repeating: .zero, count: nodeCount)
    }

    /// True when datagrams from `from` currently reach `to`.
    public func canReach(from: NodeID, to: NodeID) -> Bool {
        from == to || !cut[index(from, to)]
    }

    /// True when some link is cut.
    public var isPartitioned: Bool { cut.contains(true) }

    /// Splits the nodes into groups that cannot reach each other (both directions). A node in no
    /// group is isolated from everyone. Replaces any earlier cut.
    public mutating func partition(_ groups: [[NodeID]]) {
        var group = Array(repeating: -1, count: nodeCount)
        for (number, members) in groups.enumerated() {
            for member in members where (1...nodeCount).contains(Int(member.rawValue)) {
                group[Int(member.rawValue) - 1] = number
            }
        }
        for from in 0..<nodeCount {
            for to in 0..<nodeCount where from != to {
                cut[from * nodeCount + to] = group[from] < 0 || group[from] != group[to]
            }
        }
    }

    /// Cuts the link from `from` to `to` only (an asymmetric partition).
    public mutating func block(from: NodeID, to: NodeID) {
        guard from != to else { return }
        cut[index(from, to)] = true
    }

    /// Adds `delay` to every datagram to or from `node` (not its loopback) until ``unclog(_:)``:
    /// FoundationDB's "clogging", a node that is alive but very slow to reach.
    public mutating func clog(_ node: NodeID, by delay: Duration) {
        clogDelay[Int(node.rawValue) - 1] = delay
    }

    /// Removes a node's clog.
    public mutating func unclog(_ node: NodeID) {
        clogDelay[Int(node.rawValue) - 1] = .zero
    }

    /// True when some node is clogged.
    public var isClogged: Bool { clogDelay.contains { $0 > .zero } }

    /// True when `node` is clogged.
    public func isClogged(_ node: NodeID) -> Bool { clogDelay[Int(node.rawValue) - 1] > .zero }

    /// Restores every link (clogs are separate: see ``unclog(_:)``).
    public mutating func heal() {
        cut = Array(repeating: false, count: nodeCount * nodeCount)
    }

    /// Decides the fate of one datagram sent at `now`: the delays after which its copies arrive
    /// (none when it is lost or blocked, two when duplicated).
    public mutating func route(from: NodeID, to: NodeID, at now: Instant) -> [Duration] {
        statistics.routed += 1
        if from == to {
            statistics.scheduled += 1
            return [settings.loopbackLatency]
        }
        if cut[index(from, to)] {
            statistics.blocked += 1
            return []
        }
        if random.chance(perMille: settings.lossPerMille) {
            statistics.lost += 1
            return []
        }
        var delays = [delay(from: from, to: to, at: now)]
        if random.chance(perMille: settings.duplicatePerMille) {
            statistics.duplicated += 1
            delays.append(delay(from: from, to: to, at: now))
        }
        statistics.scheduled += delays.count
        return delays
    }

    private mutating func delay(from: NodeID, to: NodeID, at now: Instant) -> Duration {
        let delay =
            settings.latency + random.duration(in: .zero...settings.jitter)
            + clogDelay[Int(from.rawValue) - 1] + clogDelay[Int(to.rawValue) - 1]
        let link = index(from, to)
        let arrival = now + delay
        if arrival < lastArrival[link] { statistics.reordered += 1 }
        lastArrival[link] = max(lastArrival[link], arrival)
        return delay
    }

    private func index(_ from: NodeID, _ to: NodeID) -> Int {
        (Int(from.rawValue) - 1) * nodeCount + Int(to.rawValue) - 1
    }
}
