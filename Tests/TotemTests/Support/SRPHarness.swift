import Totem

/// What a harness node produced, whatever its effect type.
enum HarnessEvent {
    case send([UInt8], Destination)
    case deliver(HarnessDelivery)
    case configuration(ConfigurationChange)
    case persist(UInt64)
    case other
}

/// A delivery, at SRP (packet) or framing (message) level.
struct HarnessDelivery: Hashable {
    var sender: NodeID
    var payload: [UInt8]
    var ringID: RingID
    var seq: UInt32
}

/// The node types the harness can run.
protocol HarnessNode {
    associatedtype Effect
    init(id: NodeID, nodes: [NodeID], parameters: TotemParameters, persisted: UInt64)
    mutating func start(now: Instant) -> [Effect]
    mutating func receive(_ datagram: [UInt8], now: Instant) -> [Effect]
    mutating func handleTimeout(now: Instant) -> [Effect]
    mutating func submit(_ payload: [UInt8], guarantee: Guarantee, now: Instant) throws -> [Effect]
    mutating func leave(now: Instant) -> [Effect]
    var nextDeadline: Instant? { get }
    var srpCore: SRPCore { get }
    static func event(_ effect: Effect) -> HarnessEvent
}

extension SRPCore: HarnessNode {
    init(id: NodeID, nodes: [NodeID], parameters: TotemParameters, persisted: UInt64) {
        self.init(myID: id, nodes: nodes, parameters: parameters, persistedRingSeq: persisted)
    }
    mutating func submit(_ payload: [UInt8], guarantee: Guarantee, now: Instant) throws -> [SRPEffect] {
        try enqueue(payload, guarantee: guarantee, now: now)
    }
    var srpCore: SRPCore { self }
    static func event(_ effect: SRPEffect) -> HarnessEvent {
        switch effect {
        case .send(let bytes, let destination): .send(bytes, destination)
        case .deliver(let packet):
            .deliver(
                HarnessDelivery(sender: packet.sender, payload: packet.payload, ringID: packet.ringID, seq: packet.seq))
        case .configurationChanged(let change): .configuration(change)
        case .persistRingSeq(let seq): .persist(seq)
        case .dropped: .other
        }
    }
}

extension TotemCore: HarnessNode {
    init(id: NodeID, nodes: [NodeID], parameters: TotemParameters, persisted: UInt64) {
        self.init(nodeID: id, nodes: nodes, parameters: parameters, persistedRingSeq: persisted)
    }
    mutating func submit(_ payload: [UInt8], guarantee: Guarantee, now: Instant) throws -> [TotemEffect] {
        try submit(payload, group: Array("test".utf8), guarantee: guarantee, now: now)
    }
    var srpCore: SRPCore { srp }
    static func event(_ effect: TotemEffect) -> HarnessEvent {
        switch effect {
        case .send(let bytes, let destination): .send(bytes, destination)
        case .deliver(let message):
            .deliver(
                HarnessDelivery(
                    sender: message.sender, payload: message.payload, ringID: message.ringID, seq: message.seq))
        case .configurationChanged(let change): .configuration(change)
        case .persistRingSeq(let seq): .persist(seq)
        case .dropped: .other
        }
    }
}

/// The SRP-level harness most tests use.
typealias SRPHarness = RingHarness<SRPCore>

/// A minimal deterministic network of cores for unit tests: fixed latency, FIFO, virtual
/// time that jumps to the next event, and a link filter for partitions. (The full fault
/// simulator lives in TotemSimulator.)
struct RingHarness<Node: HarnessNode> {
    struct InFlight {
        var at: Instant
        var order: Int
        var to: NodeID
        var bytes: [UInt8]
    }

    let nodes: [NodeID]
    var parameters: TotemParameters
    var cores: [NodeID: Node] = [:]
    var alive: Set<NodeID> = []
    var now = Instant.zero
    var latency: Duration = .microseconds(100)
    var inFlight: [InFlight] = []
    var counter = 0
    var deliveries: [NodeID: [HarnessDelivery]] = [:]
    var configurations: [NodeID: [ConfigurationChange]] = [:]
    var persisted: [NodeID: UInt64] = [:]
    /// Deliveries and configuration changes of each node, in the order it produced them.
    var timeline: [NodeID: [HarnessEvent]] = [:]
    var sent: [NodeID: [[UInt8]]] = [:]
    /// Returns false to drop a datagram from `from` to `to`.
    var link: @Sendable (NodeID, NodeID) -> Bool = { _, _ in true }
    /// Returns false to drop this datagram from `from` to `to` (applied after `link`).
    var filter: @Sendable (NodeID, NodeID, [UInt8]) -> Bool = { _, _, _ in true }

    init(nodes: [NodeID], parameters: TotemParameters? = nil) {
        self.nodes = nodes
        self.parameters = parameters ?? TotemParameters(nodeCount: nodes.count)
    }

    mutating func boot(_ id: NodeID) {
        var core = Node(id: id, nodes: nodes, parameters: parameters, persisted: persisted[id] ?? 0)
        alive.insert(id)
        let effects = core.start(now: now)
        cores[id] = core
        apply(effects, from: id)
    }

    mutating func bootAll() { for id in nodes { boot(id) } }

    mutating func crash(_ id: NodeID) {
        alive.remove(id)
        cores[id] = nil
    }

    mutating func submit(_ payload: [UInt8], from id: NodeID, guarantee: Guarantee = .agreed) throws {
        guard var core = cores[id] else { return }
        let effects = try core.submit(payload, guarantee: guarantee, now: now)
        cores[id] = core
        apply(effects, from: id)
    }

    /// Hands `bytes` to node `id` now, as if an attacker (or a corrupting network) sent them;
    /// returns what the node did with them.
    @discardableResult
    mutating func inject(_ bytes: [UInt8], to id: NodeID) -> [Node.Effect] {
        guard alive.contains(id), var core = cores[id] else { return [] }
        let effects = core.receive(bytes, now: now)
        cores[id] = core
        apply(effects, from: id)
        return effects
    }

    mutating func leave(_ id: NodeID) {
        guard var core = cores[id] else { return }
        let effects = core.leave(now: now)
        cores[id] = core
        apply(effects, from: id)
        alive.remove(id)
        cores[id] = nil
    }

    mutating func apply(_ effects: [Node.Effect], from id: NodeID) {
        for effect in effects {
            let event = Node.event(effect)
            switch event {
            case .send(let bytes, let destination):
                sent[id, default: []].append(bytes)
                let targets: [NodeID]
                switch destination {
                case .node(let target): targets = [target]
                case .allNodes: targets = nodes
                }
                for target in targets where target == id || (link(id, target) && filter(id, target, bytes)) {
                    counter += 1
                    inFlight.append(InFlight(at: now + latency, order: counter, to: target, bytes: bytes))
                }
            case .deliver(let delivery):
                deliveries[id, default: []].append(delivery)
                timeline[id, default: []].append(event)
            case .configuration(let change):
                configurations[id, default: []].append(change)
                timeline[id, default: []].append(event)
            case .persist(let seq): persisted[id] = seq
            case .other: break
            }
        }
    }

    /// Processes the earliest event; false when nothing is left.
    mutating func step() -> Bool {
        let nextMessage = inFlight.indices.min {
            (inFlight[$0].at, inFlight[$0].order) < (inFlight[$1].at, inFlight[$1].order)
        }
        var nextTimer: (NodeID, Instant)?
        for id in nodes.sorted() {
            guard let deadline = cores[id]?.nextDeadline else { continue }
            if nextTimer == nil || deadline < nextTimer!.1 { nextTimer = (id, deadline) }
        }
        if let index = nextMessage, nextTimer == nil || inFlight[index].at <= nextTimer!.1 {
            let message = inFlight.remove(at: index)
            now = max(now, message.at)
            guard alive.contains(message.to), var core = cores[message.to] else { return true }
            let effects = core.receive(message.bytes, now: now)
            cores[message.to] = core
            apply(effects, from: message.to)
            return true
        }
        guard let (id, deadline) = nextTimer, var core = cores[id] else { return false }
        now = max(now, deadline)
        let effects = core.handleTimeout(now: now)
        cores[id] = core
        apply(effects, from: id)
        return true
    }

    mutating func run(for duration: Duration) {
        let end = now + duration
        while true {
            let nextMessage = inFlight.map(\.at).min()
            let nextTimer = cores.values.compactMap(\.nextDeadline).min()
            guard let next = [nextMessage, nextTimer].compactMap({ $0 }).min(), next <= end else { break }
            _ = step()
        }
        now = max(now, end)
    }

    /// Runs until every live node is OPERATIONAL in one ring containing exactly `expected`.
    mutating func runUntilRing(of expected: [NodeID], limit: Duration = .seconds(60)) -> Bool {
        let end = now + limit
        while now <= end {
            if isRing(expected) { return true }
            guard step() else { return isRing(expected) }
        }
        return isRing(expected)
    }

    /// Non-mutating-looking wrapper for `#expect` (the macro cannot call mutating members).
    @discardableResult
    mutating func formsRing(_ expected: [NodeID], limit: Duration = .seconds(60)) -> Bool {
        let formed = runUntilRing(of: expected, limit: limit)
        return formed
    }

    func isRing(_ expected: [NodeID]) -> Bool {
        let ids = expected.compactMap { cores[$0]?.srpCore }
        guard ids.count == expected.count, let first = ids.first else { return false }
        return ids.allSatisfy {
            $0.state == .operational && $0.ringID == first.ringID && $0.members == expected.sorted()
        }
    }
}
