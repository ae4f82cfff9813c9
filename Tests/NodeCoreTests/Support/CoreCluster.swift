import NodeCore
import Totem
import VoteQuorum

/// A few node cores on a hand-run network: datagrams are delivered in order after a fixed
/// latency, timers fire when due, and a filter may drop datagrams. Everything a core returns is
/// kept per node for the test to inspect.
struct CoreCluster {
    var cores: [NodeID: NodeCore] = [:]
    var now = Instant.zero
    var effects: [NodeID: [NodeEffect]] = [:]
    /// Datagrams in flight: (arrival, from, to, bytes), in send order.
    var inFlight: [(at: Instant, from: NodeID, to: NodeID, bytes: [UInt8])] = []
    /// Returns false to drop a datagram.
    var allow: (NodeID, NodeID, [UInt8]) -> Bool = { _, _, _ in true }
    let latency = Duration.microseconds(100)

    init(nodes: [NodeID], quorum: VoteQuorumOptions? = nil) {
        let options = quorum ?? VoteQuorumOptions(nodelist: nodes.map { NodelistEntry(nodeID: $0, quorumVotes: 1) })
        var parameters = TotemParameters(nodeCount: nodes.count)
        parameters.token = .milliseconds(200)
        parameters.consensus = .milliseconds(240)
        for node in nodes {
            let configuration = try? options.resolve(localNodeID: node)
            let engine = EngineCore(myID: node, quorumConfiguration: configuration, configVersion: nil)
            cores[node] = NodeCore(
                nodeID: node, nodes: nodes, parameters: parameters, persistedRingSeq: 0, engine: engine)
        }
    }

    mutating func start() {
        for node in cores.keys.sorted() { call(node) { core, now in core.start(now: now) } }
    }

    /// Calls into one core and routes what it sends.
    mutating func call(_ node: NodeID, _ body: (inout NodeCore, Instant) -> [NodeEffect]) {
        guard var core = cores[node] else { return }
        let produced = body(&core, now)
        cores[node] = core
        effects[node, default: []] += produced
        for effect in produced {
            guard case .send(let bytes, let destination) = effect else { continue }
            let targets: [NodeID]
            switch destination {
            case .node(let target): targets = [target]
            case .allNodes: targets = cores.keys.sorted()
            }
            for target in targets where allow(node, target, bytes) {
                inFlight.append((now + latency, node, target, bytes))
            }
        }
    }

    /// Runs until `end`: datagrams arrive, timers fire, in time order.
    mutating func run(until end: Instant) {
        while true {
            let nextDatagram = inFlight.first?.at
            var nextTimer: (Instant, NodeID)?
            for node in cores.keys.sorted() {
                guard let deadline = cores[node]?.nextDeadline else { continue }
                if nextTimer == nil || deadline < nextTimer!.0 { nextTimer = (deadline, node) }
            }
            let next = [nextDatagram, nextTimer?.0].compactMap { $0 }.min()
            guard let next, next <= end else { break }
            now = max(now, next)
            if let datagram = inFlight.first, datagram.at <= now {
                inFlight.removeFirst()
                call(datagram.to) { core, now in core.receive(datagram.bytes, now: now) }
            } else if let (_, node) = nextTimer {
                call(node) { core, now in core.handleTimeout(now: now) }
            }
        }
        now = max(now, end)
    }

    mutating func run(for duration: Duration) { run(until: now + duration) }

    /// Drops every datagram to or from `node`.
    mutating func isolate(_ node: NodeID) {
        let previous = allow
        allow = { from, to, bytes in from != node && to != node && previous(from, to, bytes) }
    }

    /// True for an MCAST datagram (totem message type 1, at byte 3).
    static func isMcast(_ bytes: [UInt8]) -> Bool { bytes.count > 3 && bytes[3] == TotemMessageType.mcast.rawValue }
}
