import Totem

/// A quorum notification: everything `corosync-quorumtool -s` shows, as of one moment.
public struct QuorumState: Hashable, Sendable {
    /// Whether this node's partition is quorate.
    public var quorate: Bool
    /// This node.
    public var nodeID: NodeID
    /// The ring the membership belongs to (zero before the first ring).
    public var ringID: RingID
    /// This node's votes.
    public var votes: UInt32
    /// This node's expected votes.
    public var expectedVotes: UInt32
    /// The highest expected votes over member nodes.
    public var highestExpected: UInt32
    /// Σ votes of member nodes (+ device votes while our device casts its vote).
    public var totalVotes: UInt32
    /// Votes needed for quorum.
    public var quorum: UInt32
    /// Cluster flags (two_node, quorate, wait_for_all, ...) and this node's device bits.
    public var flags: QuorumInfoFlags
    /// The totem members in membership order, with their votes.
    public var members: [MemberVotes]
    /// wait_for_all is still pending (`runtime.votequorum.wait_for_all_status`).
    public var waitForAllPending: Bool
    /// The quorum device's votes as this node knows them.
    public var deviceVotes: UInt32
    /// The quorum device's name as this node knows it (empty if none).
    public var deviceName: String

    /// Creates a state.
    public init(
        quorate: Bool, nodeID: NodeID, ringID: RingID, votes: UInt32, expectedVotes: UInt32,
        highestExpected: UInt32, totalVotes: UInt32, quorum: UInt32, flags: QuorumInfoFlags,
        members: [MemberVotes], waitForAllPending: Bool = false, deviceVotes: UInt32 = 0, deviceName: String = ""
    ) {
        self.quorate = quorate
        self.nodeID = nodeID
        self.ringID = ringID
        self.votes = votes
        self.expectedVotes = expectedVotes
        self.highestExpected = highestExpected
        self.totalVotes = totalVotes
        self.quorum = quorum
        self.flags = flags
        self.members = members
        self.waitForAllPending = waitForAllPending
        self.deviceVotes = deviceVotes
        self.deviceName = deviceName
    }
}
