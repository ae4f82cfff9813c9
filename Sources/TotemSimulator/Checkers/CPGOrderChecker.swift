import NodeCore
import Totem

/// cpg invariant (total order): the local members of a group, on every node, receive its
/// messages in one order. Precisely, for every group:
///
/// - any two members that both received messages `a` and `b` received them in the same
///   relative order (checked pairwise, completely: when a member receives `m`, no other member
///   that has `m` may have received after `m` a message the first one already has);
/// - per-sender FIFO: a member receives one sender process's messages in increasing counter
///   order (the simulator's clients number their messages, across restarts of their node) and
///   none twice;
/// - a member receives a group's messages and membership events only between its own join
///   event (a membership change listing it as joined) and its own leave event;
/// - messages arrive intact, from the process their tag names.
public struct CPGOrderChecker: InvariantChecker {
    private struct Received: Hashable, Sendable {
        var group: CPGGroupName
        var tag: CPGTag
    }

    private struct Pair: Hashable, Sendable {
        var group: CPGGroupName
        var first: CPGRecipient
        var second: CPGRecipient
    }

    private var incarnations = IncarnationCounter()
    private var joined: Set<CPGMembershipKey> = []
    private var received: [CPGMembershipKey: Int] = [:]
    private var lastCounter: [CPGMembershipKey: [CPGAddress: UInt64]] = [:]
    private var positions: [Received: [CPGRecipient: Int]] = [:]
    /// For (group, A, B): the latest position in B's sequence of a message A also received,
    /// with that message.
    private var latestShared: [Pair: (position: Int, tag: CPGTag)] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _):
            incarnations.started(node)
        case .cpg(let node, let delivery):
            let key = CPGMembershipKey(recipient: incarnations.recipient(of: delivery, on: node), group: delivery.group)
            func violation(_ detail: String) -> [Violation] {
                [Violation(.cpgOrder, at: time, node: node, "\(key.recipient) in group \(delivery.group): \(detail)")]
            }
            guard delivery.recipient.nodeID == node else {
                return violation("event addressed to node \(delivery.recipient.nodeID)")
            }
            switch delivery.event {
            case .membership(let change):
                let me = key.recipient.address
                if !joined.contains(key) {
                    guard change.joined.contains(where: { $0.address == me }) else {
                        return violation("membership event \(change.members) before its own join event")
                    }
                    joined.insert(key)
                }
                if change.left.contains(where: { $0.address == me }) { joined.remove(key) }
            case .message(let from, let payload):
                guard joined.contains(key) else {
                    return violation("message from \(from) outside its membership (before its join or after its leave)")
                }
                guard let tag = CPGTag.decode(payload) else {
                    return violation("damaged or untagged message (\(payload.count) B) from \(from)")
                }
                guard tag.node == from.nodeID, tag.pid == from.pid else {
                    return violation("message \(tag) claims to come from \(from)")
                }
                if let last = lastCounter[key]?[from], last >= tag.counter {
                    return violation("message \(tag) after \(from)'s #\(last): sender FIFO broken (or a duplicate)")
                }
                lastCounter[key, default: [:]][from] = tag.counter
                return order(Received(group: delivery.group, tag: tag), at: key, time: time)
            }
        case .submitted, .receivedMcast, .effect, .quorumChanged, .stopped, .status, .syncCompleted:
            break
        }
        return []
    }

    private mutating func order(_ message: Received, at key: CPGMembershipKey, time: Instant) -> [Violation] {
        let me = key.recipient
        let position = received[key, default: 0]
        received[key] = position + 1
        var violations: [Violation] = []
        for (other, theirs) in (positions[message] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let mine = Pair(group: message.group, first: me, second: other)
            if let shared = latestShared[mine], shared.position > theirs, violations.isEmpty {
                violations.append(Violation(.cpgOrder, at: time, node: me.node,
                    "\(me) in group \(message.group) received \(message.tag) after \(shared.tag),"
                        + " but \(other) received \(message.tag) before \(shared.tag)"))
            }
            if (latestShared[mine]?.position ?? -1) < theirs { latestShared[mine] = (theirs, message.tag) }
            latestShared[Pair(group: message.group, first: other, second: me)] = (position, message.tag)
        }
        positions[message, default: [:]][me] = position
        return violations
    }
}
