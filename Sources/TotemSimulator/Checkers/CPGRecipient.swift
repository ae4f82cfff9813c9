import NodeCore
import Totem

/// One local cpg member as the checkers tell them apart: a process of one incarnation of a
/// node (a restarted node's processes are new members, even with the same pids).
public struct CPGRecipient: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The node.
    public var node: NodeID
    /// Which start of the node (1 for the first).
    public var incarnation: Int
    /// The process.
    public var pid: UInt32

    /// Orders by node, incarnation, pid.
    public static func < (lhs: CPGRecipient, rhs: CPGRecipient) -> Bool {
        (lhs.node.rawValue, lhs.incarnation, lhs.pid) < (rhs.node.rawValue, rhs.incarnation, rhs.pid)
    }

    /// `pid 1001 on node 2 (incarnation 1)`.
    public var description: String { "pid \(pid) on node \(node) (incarnation \(incarnation))" }

    /// Its cpg address.
    public var address: CPGAddress { CPGAddress(nodeID: node, pid: pid) }
}

/// A recipient's membership of one group.
struct CPGMembershipKey: Hashable, Comparable, Sendable {
    var recipient: CPGRecipient
    var group: CPGGroupName

    static func < (lhs: CPGMembershipKey, rhs: CPGMembershipKey) -> Bool {
        (lhs.recipient, lhs.group) < (rhs.recipient, rhs.group)
    }
}

/// Counts the incarnations of every node from `.started` events.
struct IncarnationCounter: Sendable {
    private var counts: [NodeID: Int] = [:]

    /// Notes a start.
    mutating func started(_ node: NodeID) { counts[node, default: 0] += 1 }

    /// The recipient `delivery` is addressed to on `node`.
    func recipient(of delivery: CPGDelivery, on node: NodeID) -> CPGRecipient {
        CPGRecipient(node: node, incarnation: counts[node] ?? 0, pid: delivery.recipient.pid)
    }
}
