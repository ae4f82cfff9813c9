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
