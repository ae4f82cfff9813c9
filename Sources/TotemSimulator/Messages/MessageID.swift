import Totem

/// Identifies one message the simulator submitted: the submitting node and its counter.
public struct MessageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The node the simulator submitted it on.
    public var sender: NodeID
    /// That node's submission counter (1, 2, ... across restarts).
    public var counter: UInt64

    /// Creates an id.
    public init(sender: NodeID, counter: UInt64) {
        self.sender = sender
        self.counter = counter
    }

    /// Orders by sender, then counter (for stable printing).
    public static func < (lhs: MessageID, rhs: MessageID) -> Bool {
        (lhs.sender, lhs.counter) < (rhs.sender, rhs.counter)
    }

    /// `3#17`.
    public var description: String { "\(sender)#\(counter)" }
}
