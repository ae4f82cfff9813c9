/// What ``VoteQuorumCore`` asks its owner to do.
public enum VoteQuorumEffect: Hashable, Sendable {
    /// Multicast this message to the ring (agreed order, group "a"), in the order given.
    case multicast(VoteQuorumMessage)
    /// Tell the quorum engine and library trackers about the quorum state (corosync's
    /// `quorum_callback` + quorum notification).
    case quorumChanged(QuorumState)
    /// Our expected votes changed (corosync's expected-votes notification to trackers).
    case expectedVotesChanged(UInt32)
    /// expected_votes_tracking: persist this barrier (corosync's 4-byte `ev_tracking` file)
    /// and pass it back as `trackedExpectedVotes` at the next start.
    case persistExpectedVotesBarrier(UInt32)
    /// Something worth logging.
    case notice(VoteQuorumNotice)
    /// An input was ignored.
    case dropped(VoteQuorumDropReason)
}
