import Totem
import TotemSimulator

/// Builds hand-made traces for checker tests: one event per nanosecond of virtual time.
struct TraceBuilder {
    static let ringA = RingID(rep: 1, seq: 4)
    static let ringB = RingID(rep: 1, seq: 8)

    var events: [(TraceEvent, Instant)] = []
    private var payloads: [MessageID: [UInt8]] = [:]
    private var guarantees: [MessageID: Guarantee] = [:]

    mutating func add(_ event: TraceEvent) {
        events.append((event, Instant(nanoseconds: UInt64(events.count + 1))))
    }

    /// Starts nodes, persists ring A and installs it (transitional of itself, then regular).
    mutating func formRingA(_ nodes: [NodeID]) {
        for node in nodes {
            add(.started(node, persistedRingSeq: 0))
            add(.effect(node, .persistRingSeq(Self.ringA.seq)))
            install(node, .transitional, Self.ringA, [node])
            install(node, .regular, Self.ringA, nodes)
        }
    }

    mutating func install(_ node: NodeID, _ kind: ConfigurationChange.Kind, _ ring: RingID, _ members: [NodeID]) {
        add(.effect(node, .configurationChanged(ConfigurationChange(kind: kind, ringID: ring, members: members, left: [], joined: []))))
    }

    @discardableResult
    mutating func submit(_ sender: NodeID, _ counter: UInt64, _ guarantee: Guarantee = .agreed, bytes: Int = 20) -> MessageID {
        let id = MessageID(sender: sender, counter: counter)
        let (tag, payload) = PayloadTag.payload(id: id, guarantee: guarantee, bodyLength: bytes)
        payloads[id] = payload
        guarantees[id] = guarantee
        add(.submitted(tag))
        return id
    }

    mutating func received(_ nodes: [NodeID], _ ring: RingID, _ seq: UInt32) {
        for node in nodes { add(.receivedMcast(node, ringID: ring, seq: seq)) }
    }

    mutating func deliver(_ node: NodeID, _ id: MessageID, _ ring: RingID, _ seq: UInt32, payload: [UInt8]? = nil) {
        let message = DeliveredMessage(sender: id.sender, groups: [PayloadTag.group], payload: payload ?? payloads[id] ?? [],
                                       guarantee: guarantees[id] ?? .agreed, ringID: ring, seq: seq)
        add(.effect(node, .deliver(message)))
    }

    func payload(of id: MessageID) -> [UInt8] { payloads[id] ?? [] }

    /// Runs every checker over the trace.
    func check() -> [Violation] {
        var suite = CheckerSuite()
        return suite.observe(events)
    }
}
