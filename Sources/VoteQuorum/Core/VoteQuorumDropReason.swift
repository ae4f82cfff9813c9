import Totem

/// Why votequorum ignored an input. Drops are counted by the owner, never fatal.
public enum VoteQuorumDropReason: Hashable, Sendable {
    /// The bytes were not a votequorum message.
    case malformed(WireError)
    /// A quorum device NODEINFO from a sender with no node-table entry: corosync asserts and
    /// aborts here (issue #63); we ignore the message.
    case deviceInfoFromUnknownSender(NodeID)
}
