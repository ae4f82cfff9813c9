import Totem
import VoteQuorum

/// What a node shows tools, IPC clients and embedders' snapshots: the last *completed*
/// configuration (the one whose service synchronization finished) with its quorum, never a
/// configuration still being synchronized.
///
/// A stalled sync (an asymmetric partition can hold one for seconds) thus keeps showing the
/// membership and quorate flag that were last agreed, as a stock corosync does, instead of a
/// half-made ring that would show two disjoint quorate groups. Votes and expected votes changed
/// while no sync runs show at once.
public struct NodeStatus: Hashable, Sendable {
    /// The last synchronized ring (nil before the first sync completed).
    public var ringID: RingID?
    /// Its members, ascending (this node alone before the first sync).
    public var members: [NodeID]
    /// votequorum's state as of that configuration (nil without votequorum).
    public var quorum: QuorumState?

    /// Creates a status.
    public init(ringID: RingID?, members: [NodeID], quorum: QuorumState?) {
        self.ringID = ringID
        self.members = members
        self.quorum = quorum
    }

    /// True once a configuration completed its synchronization.
    public var isSynced: Bool { ringID != nil }

    /// Whether this node provides service: votequorum's quorate flag, or, without a quorum
    /// provider, true once synced (no provider blocks nothing, as on corosync).
    public var isQuorate: Bool { quorum?.quorate ?? isSynced }
}
