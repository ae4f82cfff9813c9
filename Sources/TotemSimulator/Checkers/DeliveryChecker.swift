import Totem

/// Invariant 1: within every regular configuration all members deliver the same messages in
/// the same order, without gaps or duplicates, and only intact messages that were submitted.
///
/// Model. Each regular configuration (ring id R) has a common order: the sequence of messages
/// delivered in it, built by whichever member gets furthest first. A node's deliveries while R
/// is its current configuration must be a prefix of that order (a reordering, a skipped message
/// and a different message all show up as a mismatch at some position). Every delivery in R
/// must carry ring id R and a non-decreasing seq. After the transitional configuration that
/// ends R, the node may still deliver R's messages (EVS allows gaps there, when no survivor
/// has a message), but only in seq order and only messages ordered in R. A message has one
/// (ring id, seq) for all nodes, and no node delivers it twice, across restarts too.
/// Deliveries in the engine's groups (`"a"`, `"sync"`) of a full-stack node are skipped.
public struct DeliveryChecker: InvariantChecker {
    private struct NodeView: Sendable {
        var regular: RingID?
        var inTransitional = false
        var position = 0
        var lastSeq: UInt32?
    }

    private var submitted: [MessageID: PayloadTag] = [:]
    private var delivered: [NodeID: Set<MessageID>] = [:]
    private var orderingOf: [MessageID: (ring: RingID, seq: UInt32, node: NodeID)] = [:]
    private var commonOrder: [RingID: [(id: MessageID, seq: UInt32, node: NodeID)]] = [:]
    private var views: [NodeID: NodeView] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .submitted(let tag):
            submitted[tag.id] = tag
            return []
        case .stopped(let node), .started(let node, _):
            views[node] = NodeView()
            return []
        case .receivedMcast:
            return []
        case .effect(let node, .configurationChanged(let change)):
            var view = views[node] ?? NodeView()
            switch change.kind {
            case .regular:
                view = NodeView(regular: change.ringID)
            case .transitional:
                view.inTransitional = true
            }
            views[node] = view
            return []
        case .effect(let node, .deliver(let message)):
            return deliver(message, by: node, at: time)
        case .effect(_, .send), .effect(_, .persistRingSeq), .effect(_, .dropped), .quorumChanged, .cpg, .status,
            .syncCompleted:
            return []
        }
    }

    private mutating func deliver(_ message: DeliveredMessage, by node: NodeID, at time: Instant) -> [Violation] {
        func violation(_ detail: String) -> [Violation] { [Violation(.delivery, at: time, node: node, detail)] }
        // The engine's own traffic (sync barriers, votequorum) of a full-stack node is not the
        // simulator's to account for; the order of the simulator's messages among themselves
        // is still a total order, so skipping the rest loses no check on them.
        if message.groups.contains(GroupHeader.sync) || message.groups.contains(GroupHeader.services) { return [] }
        guard let tag = PayloadTag.decode(message.payload) else {
            return violation("delivered a phantom message from \(message.sender) (\(message.payload.count) bytes, no simulator tag), ring \(message.ringID) seq \(message.seq)")
        }
        let id = tag.id
        guard let original = submitted[id] else {
            return violation("delivered \(id), which was never submitted (ring \(message.ringID) seq \(message.seq))")
        }
        if let damage = original.verify(message.payload) ?? (tag == original ? nil : "tag differs from the submitted one") {
            return violation("delivered \(id) damaged: \(damage)")
        }
        guard message.sender == id.sender, message.guarantee == original.guarantee, message.groups == [PayloadTag.group] else {
            return violation("delivered \(id) with sender \(message.sender), guarantee \(message.guarantee), groups \(message.groups); submitted on \(id.sender) as \(original.guarantee) to [\(PayloadTag.group)]")
        }
        guard delivered[node, default: []].insert(id).inserted else {
            return violation("delivered \(id) a second time (ring \(message.ringID) seq \(message.seq))")
        }
        if let first = orderingOf[id], first.ring != message.ringID || first.seq != message.seq {
            return violation("delivered \(id) as ring \(message.ringID) seq \(message.seq), but node \(first.node) delivered it as ring \(first.ring) seq \(first.seq)")
        }
        orderingOf[id] = (message.ringID, message.seq, node)
        guard var view = views[node], let ring = view.regular else {
            return violation("delivered \(id) before installing any regular configuration")
        }
        defer { views[node] = view }
        guard message.ringID == ring else {
            let phase = view.inTransitional ? "transitional configuration after regular" : "regular configuration"
            return violation("delivered \(id) ordered in ring \(message.ringID) while in the \(phase) \(ring)")
        }
        if let last = view.lastSeq, message.seq < last {
            return violation("delivered \(id) with seq \(message.seq) after a message with seq \(last) in ring \(ring)")
        }
        view.lastSeq = message.seq
        if view.inTransitional { return [] }
        let known = commonOrder[ring]?.count ?? 0
        if view.position < known, let expected = commonOrder[ring]?[view.position] {
            guard expected.id == id else {
                return violation("delivered \(id) (seq \(message.seq)) at position \(view.position) of regular configuration \(ring), where node \(expected.node) delivered \(expected.id) (seq \(expected.seq))")
            }
        } else {
            commonOrder[ring, default: []].append((id, message.seq, node))
        }
        view.position += 1
        return []
    }
}
