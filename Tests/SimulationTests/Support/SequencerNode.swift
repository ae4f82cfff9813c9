import Totem
import TotemSimulator

/// Variations of the fake protocol, so that tests can make it break one invariant on purpose.
protocol SequencerFlavor: Sendable {
    /// Deliver safe messages without waiting until every node has acknowledged them.
    static var deliversSafeEarly: Bool { get }
}

/// The correct fake.
enum CorrectSequencer: SequencerFlavor {
    static var deliversSafeEarly: Bool { false }
}

/// A fake that breaks the safe-delivery invariant.
enum EagerSafeSequencer: SequencerFlavor {
    static var deliversSafeEarly: Bool { true }
}

/// A trivial, correct total-order protocol for a network that never loses datagrams (it
/// tolerates delay, reordering and duplication): TEST SUPPORT ONLY, never part of Sources.
///
/// Node 1 (the lowest id) is a fixed sequencer. Every node installs one configuration of all
/// nodes at start (ring 1.4), then says hello to the sequencer every 100 ms until the
/// sequencer, having heard everyone, answers "go". Submissions go to the sequencer, which
/// stamps each with the next seq and multicasts it as a real totem MCAST. Receivers store by
/// seq, acknowledge to the sequencer and deliver in seq order; a safe message waits until the
/// sequencer multicasts "stable" (everyone acknowledged it).
struct SequencerNode<Flavor: SequencerFlavor>: SimulatedNode {
    private enum Kind: UInt8 { case hello = 0x48, go = 0x47, request = 0x52, ack = 0x41, stable = 0x53 }

    let nodeID: NodeID
    let nodes: [NodeID]
    let ring = RingID(rep: 1, seq: 4)
    private var sequencer: NodeID { nodes[0] }
    private(set) var nextDeadline: Instant?
    private var go = false
    private var pending: [[UInt8]] = []
    private var requestCounter: UInt32 = 0
    // Sequencer state.
    private var hellos: Set<NodeID> = []
    private var seenRequests: Set<[UInt8]> = []
    private var nextSeq: UInt32 = 0
    private var acks: [UInt32: Set<NodeID>] = [:]
    // Receiver state.
    private var store: [UInt32: Mcast] = [:]
    private var stable: Set<UInt32> = []
    private var delivered: UInt32 = 0

    init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64) {
        self.nodeID = nodeID
        self.nodes = nodes.sorted()
    }

    mutating func start(now: Instant) -> [TotemEffect] {
        nextDeadline = now + .milliseconds(100)
        return [
            .persistRingSeq(ring.seq),
            .configurationChanged(ConfigurationChange(kind: .transitional, ringID: ring, members: [nodeID], left: [], joined: [])),
            .configurationChanged(ConfigurationChange(kind: .regular, ringID: ring, members: nodes, left: [], joined: nodes.filter { $0 != nodeID })),
            Self.message(.hello, from: nodeID, to: .node(sequencer)),
        ]
    }

    mutating func handleTimeout(now: Instant) -> [TotemEffect] {
        guard let deadline = nextDeadline, deadline <= now else { return [] }
        nextDeadline = now + .milliseconds(go ? 1000 : 100)
        return go ? [] : [Self.message(.hello, from: nodeID, to: .node(sequencer))]
    }

    mutating func submit(_ payload: [UInt8], group: [UInt8], guarantee: Guarantee, now: Instant) -> [TotemEffect] {
        requestCounter += 1
        let request = Self.message(.request, from: nodeID, to: .node(sequencer),
                                   body: Self.u32(requestCounter) + [UInt8(guarantee.rawValue)] + payload)
        guard go else {
            pending.append(request.bytes)
            return []
        }
        return [request]
    }

    mutating func leave(now: Instant) -> [TotemEffect] { [] }

    mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [TotemEffect] { [] }

    mutating func receive(_ datagram: [UInt8], now: Instant) -> [TotemEffect] {
        if case .mcast(let mcast)? = try? TotemMessage.decode(datagram) { return receive(mcast) }
        guard datagram.count >= 8, datagram[0] == 0xFA, let kind = Kind(rawValue: datagram[1]) else {
            return [.dropped(.malformedPacket)]
        }
        let from = NodeID(Self.readU32(datagram, 2))
        let body = Array(datagram[6...])
        switch kind {
        case .hello:
            hellos.insert(from)
            if hellos.count == nodes.count { return [Self.message(.go, from: nodeID, to: .allNodes)] }
            return []
        case .go:
            guard !go else { return [] }
            go = true
            let requests = pending.map { TotemEffect.send($0, to: .node(sequencer)) }
            pending = []
            return requests
        case .request:
            guard seenRequests.insert(datagram).inserted, let guarantee = Guarantee(rawValue: Int32(body[4])) else { return [] }
            nextSeq += 1
            let mcast = Mcast(sender: from, seq: nextSeq, thisSeqno: 0, ringID: ring, guarantee: guarantee.rawValue, payload: Array(body[5...]))
            return [.send(mcast.encode(), to: .allNodes)]
        case .ack:
            let seq = Self.readU32(body, 0)
            acks[seq, default: []].insert(from)
            return acks[seq]?.count == nodes.count ? [Self.message(.stable, from: nodeID, to: .allNodes, body: Self.u32(seq))] : []
        case .stable:
            stable.insert(Self.readU32(body, 0))
            return deliverReady()
        }
    }

    private mutating func receive(_ mcast: Mcast) -> [TotemEffect] {
        guard mcast.ringID == ring, mcast.seq > delivered, store[mcast.seq] == nil else {
            return [.dropped(.duplicateOrOutOfWindowMessage)]
        }
        store[mcast.seq] = mcast
        return [Self.message(.ack, from: nodeID, to: .node(sequencer), body: Self.u32(mcast.seq))] + deliverReady()
    }

    private mutating func deliverReady() -> [TotemEffect] {
        var effects: [TotemEffect] = []
        while let next = store[delivered + 1] {
            let guarantee = Guarantee(rawValue: next.guarantee) ?? .agreed
            guard guarantee == .agreed || Flavor.deliversSafeEarly || stable.contains(next.seq) else { break }
            delivered += 1
            store[next.seq] = nil
            effects.append(.deliver(DeliveredMessage(sender: next.systemFrom, groups: [PayloadTag.group], payload: next.payload,
                                                     guarantee: guarantee, ringID: ring, seq: next.seq)))
        }
        return effects
    }

    private static func message(_ kind: Kind, from: NodeID, to destination: Destination, body: [UInt8] = [0, 0]) -> TotemEffect {
        .send([0xFA, kind.rawValue] + u32(from.rawValue) + body, to: destination)
    }

    private static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    private static func readU32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}

extension TotemEffect {
    /// The bytes of a `.send` (empty for other effects).
    var bytes: [UInt8] {
        if case .send(let bytes, _) = self { return bytes }
        return []
    }
}

extension SequencerNode {
    /// Every effect is the ring's.
    static func outputs(of effects: [TotemEffect]) -> SimulatedOutputs { SimulatedOutputs(ring: effects) }
}
