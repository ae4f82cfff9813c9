/// Counters kept by the SRP core, named as corosync names its `stats.srp.*` keys.
public struct SRPStats: Hashable, Sendable {
    /// ORF tokens sent (first sends, forwards and retransmissions).
    public var orfTokenTx: UInt64 = 0
    /// ORF tokens received (accepted or not).
    public var orfTokenRx: UInt64 = 0
    /// Merge detects sent.
    public var membMergeDetectTx: UInt64 = 0
    /// Merge detects received.
    public var membMergeDetectRx: UInt64 = 0
    /// Joins sent (including the LEAVE).
    public var membJoinTx: UInt64 = 0
    /// Joins received.
    public var membJoinRx: UInt64 = 0
    /// New MCASTs sent.
    public var mcastTx: UInt64 = 0
    /// MCASTs re-sent on a retransmit request.
    public var mcastRetx: UInt64 = 0
    /// MCASTs received.
    public var mcastRx: UInt64 = 0
    /// Commit tokens sent.
    public var membCommitTokenTx: UInt64 = 0
    /// Commit tokens received.
    public var membCommitTokenRx: UInt64 = 0
    /// Hold cancels sent.
    public var tokenHoldCancelTx: UInt64 = 0
    /// Hold cancels received.
    public var tokenHoldCancelRx: UInt64 = 0
    /// Times OPERATIONAL was entered.
    public var operationalEntered: UInt64 = 0
    /// Token losses in OPERATIONAL.
    public var operationalTokenLost: UInt64 = 0
    /// Times GATHER was entered.
    public var gatherEntered: UInt64 = 0
    /// Token losses in GATHER.
    public var gatherTokenLost: UInt64 = 0
    /// Times COMMIT was entered.
    public var commitEntered: UInt64 = 0
    /// Token losses in COMMIT.
    public var commitTokenLost: UInt64 = 0
    /// Times RECOVERY was entered.
    public var recoveryEntered: UInt64 = 0
    /// Token losses in RECOVERY.
    public var recoveryTokenLost: UInt64 = 0
    /// Consensus timer expiries.
    public var consensusTimeouts: UInt64 = 0
    /// Datagrams dropped (malformed, stale, foreign, duplicate).
    public var rxMsgDropped: UInt64 = 0
    /// Membership rounds started early because a peer's port was reported unreachable.
    public var peerUnreachable: UInt64 = 0
    /// Token retransmissions by the retransmit or hold timer.
    public var tokenRetransmits: UInt64 = 0
    /// MCASTs whose bytes differed from the message held for their seq (not a corosync
    /// counter): forged traffic, each one re-forming the ring.
    public var conflictingMessages: UInt64 = 0

    /// Creates zeroed counters.
    public init() {}
}
