import Totem

/// One member of the current membership as votequorum knows it (what `votequorum_getinfo`
/// answers for it).
public struct MemberVotes: Hashable, Sendable {
    /// The member.
    public var nodeID: NodeID
    /// Its votes, or `nil` when no NODEINFO about it was ever processed (quorumtool then prints
    /// `Unable to get node <id> info`).
    public var votes: UInt32?
    /// Its expected votes as this node accounts them (`nil` as for `votes`).
    public var expectedVotes: UInt32?
    /// Its state in the node table (`nil` as for `votes`).
    public var state: NodeState?
    /// Its quorum device flags (for quorumtool's `Qdevice` column).
    public var deviceFlags: QuorumInfoFlags

    /// Creates a member entry.
    public init(nodeID: NodeID, votes: UInt32?, expectedVotes: UInt32? = nil, state: NodeState? = nil,
                deviceFlags: QuorumInfoFlags = []) {
        self.nodeID = nodeID
        self.votes = votes
        self.expectedVotes = expectedVotes
        self.state = state
        self.deviceFlags = deviceFlags
    }
}
