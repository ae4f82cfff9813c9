/// A corosync node id: the only address that appears in totem messages.
///
/// Node id 0 is reserved (a LEAVE join carries 0 in its header; votequorum uses 0 for the
/// quorum device). Node ids order the ring: the token goes from each member to the next higher id.
public struct NodeID: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    /// The 32-bit value as it appears on the wire.
    public var rawValue: UInt32

    /// Wraps a raw 32-bit node id.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Wraps a raw 32-bit node id.
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Allows `let n: NodeID = 3`.
    public init(integerLiteral value: UInt32) { self.rawValue = value }

    /// Orders by the numeric id, as the ring does.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The decimal id, as corosync prints it.
    public var description: String { String(rawValue) }
}
