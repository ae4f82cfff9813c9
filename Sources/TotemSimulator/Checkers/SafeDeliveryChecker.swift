import Totem

/// Invariant 3: a message submitted with guarantee `.safe` is delivered only when every member
/// of the delivering node's current configuration (the latest transitional or regular one it
/// installed) holds the MCAST `(ringID, seq)` that completed it.
///
/// "Holds" is what ``TraceEvent/receivedMcast(_:ringID:seq:)`` reports: the node sent that
/// MCAST, or the network handed it the datagram (recovery re-originations count for their
/// inner MCAST too). Receipt by an earlier incarnation of a node counts.
public struct SafeDeliveryChecker: InvariantChecker {
    private struct Key: Hashable, Sendable {
        var ring: RingID
        var seq: UInt32
    }

    private var received: [NodeID: Set<Key>] = [:]
    private var configuration: [NodeID: ConfigurationChange] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .receivedMcast(let node, let ring, let seq):
            received[node, default: []].insert(Key(ring: ring, seq: seq))
        case .started(let node, _), .stopped(let node):
            configuration[node] = nil
        case .effect(let node, .configurationChanged(let change)):
            configuration[node] = change
        case .effect(let node, .deliver(let message)) where message.guarantee == .safe:
            let key = Key(ring: message.ringID, seq: message.seq)
            guard let current = configuration[node] else {
                return [Violation(.safeDelivery, at: time, node: node, "delivered a safe message (ring \(message.ringID) seq \(message.seq)) before installing any configuration")]
            }
            let missing = current.members.filter { !(received[$0]?.contains(key) ?? false) }
            if !missing.isEmpty {
                let name = PayloadTag.decode(message.payload).map { "\($0.id)" } ?? "a safe message"
                return [Violation(.safeDelivery, at: time, node: node,
                    "delivered \(name) (safe, ring \(message.ringID) seq \(message.seq)) in \(current.kind == .regular ? "regular" : "transitional") configuration \(current.ringID) \(current.members), but members \(missing) had not received that MCAST")]
            }
        case .submitted, .effect(_, .deliver), .effect(_, .send), .effect(_, .persistRingSeq), .effect(_, .dropped),
            .quorumChanged, .cpg, .status, .syncCompleted:
            break
        }
        return []
    }
}
