import Totem

/// The `runtime.votequorum.*` values corosync publishes (informational only).
public struct VoteQuorumRuntimeKeys: Hashable, Sendable {
    /// `this_node_id`.
    public var thisNodeID: NodeID
    /// `two_node`.
    public var twoNode: Bool
    /// `wait_for_all_status`.
    public var waitForAllStatus: Bool
    /// `ev_barrier`.
    public var expectedVotesBarrier: UInt32
    /// `lowest_node_id` (only once quorate).
    public var lowestNodeID: NodeID?
    /// `highest_node_id` (only once quorate).
    public var highestNodeID: NodeID?
    /// `atb_type`.
    public var atbType: UInt32
    /// `ev_tracking_barrier` (only with expected_votes_tracking).
    public var trackingBarrier: UInt32?
}
