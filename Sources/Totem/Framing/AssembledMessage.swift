/// One complete application message reassembled from a sender's totempg packets.
public struct AssembledMessage: Hashable, Sendable {
    /// The originator (the MCAST header's node id).
    public var sender: NodeID
    /// The groups the message is addressed to, as raw name bytes.
    public var groups: [[UInt8]]
    /// The application message after the group header (still in the sender's byte order).
    public var payload: [UInt8]
    /// True when the sender wrote big-endian, so the payload's integers need swapping.
    public var swapped: Bool

    /// Creates an assembled message.
    public init(sender: NodeID, groups: [[UInt8]], payload: [UInt8], swapped: Bool = false) {
        self.sender = sender
        self.groups = groups
        self.payload = payload
        self.swapped = swapped
    }
}
