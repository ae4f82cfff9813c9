import Totem

/// Something corosync would log at notice/info/warning level; the owner decides what to log.
public enum VoteQuorumNotice: Hashable, Sendable {
    /// wait_for_all holds quorum back: `Waiting for all cluster members. Current votes: T expected_votes: E`.
    case waitingForAllMembers(currentVotes: UInt32, expectedVotes: UInt32)
    /// A node with more than one vote turned last_man_standing off.
    case lastManStandingDisabled(node: NodeID, votes: UInt32)
    /// `wait_for_all_status reset by user on node N.`
    case waitForAllCancelled(by: NodeID)
    /// A reload asked for two_node while auto_tie_breaker is configured: two_node stays off
    /// (`two_node and auto_tie_breaker are both specified but are not compatible.`).
    case twoNodeDisabledByAutoTieBreaker
}
