import Totem
import TotemSimulator

/// A node that only records what the simulator does to it: TEST SUPPORT ONLY.
///
/// It multicasts its id at start, persists `persistedRingSeq + 4`, arms a timer every 100 ms,
/// multicasts `0xDD` for every submission and `0xEE` when asked to leave, and records the
/// port-unreachable reports it gets.
struct RecorderNode: SimulatedNode {
    let nodeID: NodeID
    let initialPersistedRingSeq: UInt64
    private(set) var nextDeadline: Instant?
    private(set) var timeouts: [Instant] = []
    private(set) var received: [(time: Instant, bytes: [UInt8])] = []
    private(set) var submissions = 0
    private(set) var unreachable: [(time: Instant, node: NodeID)] = []

    init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64) {
        self.nodeID = nodeID
        self.initialPersistedRingSeq = persistedRingSeq
    }

    mutating func start(now: Instant) -> [TotemEffect] {
        nextDeadline = now + .milliseconds(100)
        return [.send([UInt8(nodeID.rawValue)], to: .allNodes), .persistRingSeq(initialPersistedRingSeq + 4)]
    }

    mutating func receive(_ datagram: [UInt8], now: Instant) -> [TotemEffect] {
        received.append((now, datagram))
        return []
    }

    mutating func handleTimeout(now: Instant) -> [TotemEffect] {
        guard let deadline = nextDeadline, deadline <= now else { return [] }
        timeouts.append(now)
        nextDeadline = now + .milliseconds(100)
        return []
    }

    mutating func submit(_ payload: [UInt8], group: [UInt8], guarantee: Guarantee, now: Instant) -> [TotemEffect] {
        submissions += 1
        return [.send([0xDD], to: .allNodes)]
    }

    mutating func leave(now: Instant) -> [TotemEffect] { [.send([0xEE], to: .allNodes)] }

    mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [TotemEffect] {
        unreachable.append((now, node))
        return []
    }
}

extension RecorderNode {
    /// Every effect is the ring's.
    static func outputs(of effects: [TotemEffect]) -> SimulatedOutputs { SimulatedOutputs(ring: effects) }
}
