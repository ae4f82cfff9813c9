import Totem

/// A broken invariant: which one, when, on which node, and a precise description.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    /// The invariants the checkers enforce.
    public enum Invariant: String, Hashable, Sendable, CaseIterable {
        /// Same messages in the same order within a regular configuration; no gap, duplicate,
        /// phantom or damaged message.
        case delivery
        /// Nodes moving together between regular configurations delivered the same set.
        case virtualSynchrony = "virtual-synchrony"
        /// A safe message was delivered before every member of the configuration had it.
        case safeDelivery = "safe-delivery"
        /// Members disagree on a configuration, or a ring seq went backwards.
        case membership
        /// No full configuration formed, or messages were never delivered, within the bound.
        case liveness
        /// Two nodes quorate over disjoint memberships (not checked with two_node).
        case splitBrain = "split-brain"
        /// A node quorate before wait_for_all allowed it.
        case waitForAll = "wait-for-all"
        /// Expected votes shrank before the last_man_standing window elapsed.
        case lastManStanding = "last-man-standing"
        /// An even split's quorate side lacks the auto_tie_breaker node.
        case autoTieBreaker = "auto-tie-breaker"
        /// Two members received a cpg group's messages in different orders, out of sender FIFO
        /// order, twice, or outside their membership.
        case cpgOrder = "cpg-order"
        /// cpg members were told different member lists, or a change does not add up.
        case cpgMembership = "cpg-membership"
        /// Two nodes' status views (what tools show) quorate over disjoint memberships.
        case statusSplitBrain = "status-split-brain"
        /// The simulated node misbehaved in a way no checker models (a time stall, a send to a
        /// node outside the nodelist).
        case harness
    }

    /// Which invariant.
    public var invariant: Invariant
    /// Virtual time of detection.
    public var time: Instant
    /// The node at fault, if one is.
    public var node: NodeID?
    /// What happened, with the values involved.
    public var detail: String

    /// Creates a violation.
    public init(_ invariant: Invariant, at time: Instant, node: NodeID?, _ detail: String) {
        self.invariant = invariant
        self.time = time
        self.node = node
        self.detail = detail
    }

    /// `[delivery] t=12.345ms node 3: ...`.
    public var description: String {
        "[\(invariant.rawValue)] t=\(time)" + (node.map { " node \($0)" } ?? "") + ": " + detail
    }
}
