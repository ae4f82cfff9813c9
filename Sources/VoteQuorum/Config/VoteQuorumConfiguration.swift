import Totem

/// Validated votequorum settings for one node: what `votequorum_readconfig` leaves in its globals
/// at start-up, before the persisted expected-votes barrier is applied (the core does that).
public struct VoteQuorumConfiguration: Hashable, Sendable {
    /// This node.
    public var localNodeID: NodeID
    /// Our votes (our nodelist `quorum_votes`, else `quorum.votes`, else 1).
    public var votes: UInt32
    /// True when the nodelist contains the local node.
    public var hasNodelist: Bool
    /// Number of nodelist entries.
    public var nodeCount: Int
    /// Σ quorum_votes over the nodelist, plus automatic device votes when they apply.
    public var nodelistExpectedVotes: UInt32
    /// `quorum.expected_votes` (0 = not set).
    public var configuredExpectedVotes: UInt32
    /// two_node after validation (still reported with more than two voters; quorum then
    /// follows the normal majority, as in corosync).
    public var twoNode: Bool
    /// wait_for_all after validation (follows two_node unless set explicitly).
    public var waitForAll: Bool
    /// wait_for_all was not written, so it follows two_node, also when a reload changes
    /// two_node (as on a stock corosync 3.1.7 node).
    public var waitForAllFollowsTwoNode: Bool
    /// last_man_standing.
    public var lastManStanding: Bool
    /// last_man_standing_window.
    public var lastManStandingWindow: Duration
    /// auto_tie_breaker after validation.
    public var tieBreaker: TieBreaker
    /// allow_downscale.
    public var allowDownscale: Bool
    /// expected_votes_tracking (forced on by allow_downscale).
    public var expectedVotesTracking: Bool
    /// The quorum device's votes at start (0 without a device).
    public var deviceVotes: UInt32
    /// What corosync logged while adjusting the options.
    public var warnings: [VoteQuorumWarning]

    /// Expected votes as corosync computes them at start-up given the persisted barrier
    /// (`trackedExpectedVotes`, used only with expected_votes_tracking; it replaces
    /// quorum.expected_votes, and 0 falls back to the nodelist).
    public func initialExpectedVotes(trackedExpectedVotes: UInt32) -> UInt32 {
        let override = expectedVotesTracking ? trackedExpectedVotes : configuredExpectedVotes
        if override != 0 { return override }
        return hasNodelist ? nodelistExpectedVotes : 0
    }
}

extension VoteQuorumOptions {
    /// Validates the options for `localNodeID` in the order of corosync 3.1.7's
    /// `votequorum_readconfig` (start-up): fatal combinations throw, tolerated ones are
    /// adjusted and listed in ``VoteQuorumConfiguration/warnings``.
    public func resolve(localNodeID: NodeID) throws(VoteQuorumConfigurationError) -> VoteQuorumConfiguration {
        var warnings: [VoteQuorumWarning] = []
        let expected = expectedVotes ?? 0
        let local = nodelist.first { $0.nodeID == localNodeID }
        let hasNodelist = local != nil
        var nodelistExpected: UInt32 = 0
        for entry in nodelist { nodelistExpected &+= entry.quorumVotes ?? 1 }
        let nodeCount = nodelist.count
        let hasDevice = !(device?.model.isEmpty ?? true)
        let deviceVotesConfigured = hasDevice ? device?.votes : 0
        var twoNode = self.twoNode

        if !hasNodelist && expected == 0 { throw .noNodelistOrExpectedVotes }
        if twoNode && hasDevice { throw .twoNodeWithDevice }

        let waitForAll = self.waitForAll ?? twoNode
        var tieBreaker = TieBreaker.none
        if autoTieBreaker {
            tieBreaker = .lowest
            if let text = autoTieBreakerNode {
                if let parsed = TieBreaker.parse(text) {
                    tieBreaker = parsed
                } else {
                    tieBreaker = .none
                    warnings.append(.autoTieBreakerNodeInvalid(text))
                }
            }
        } else if autoTieBreakerNode != nil {
            warnings.append(.autoTieBreakerNodeWithoutAutoTieBreaker)
        }
        let tracking = expectedVotesTracking || allowDownscale

        if twoNode && tieBreaker != .none {
            warnings.append(.twoNodeDisabledByAutoTieBreaker)
            twoNode = false
        }
        if tieBreaker != .none && nodelistExpected % 2 == 1 && !waitForAll {
            if lastManStanding { throw .autoTieBreakerAndLastManStandingOddCluster }
            warnings.append(.autoTieBreakerDisabledOddClusterWithoutWaitForAll)
            tieBreaker = .none
        }
        if hasDevice && lastManStanding { throw .deviceWithLastManStanding }
        if hasDevice && tieBreaker != .none { throw .deviceWithAutoTieBreaker }
        if hasDevice && allowDownscale { throw .deviceWithAllowDownscale }
        if expected != 0 && hasDevice && deviceVotesConfigured == nil { throw .deviceVotesRequiredWithExpectedVotes }
        if hasDevice && deviceVotesConfigured == nil && hasNodelist && UInt32(truncatingIfNeeded: nodeCount) != nodelistExpected {
            throw .deviceVotesRequiredWithUnevenVotes
        }
        if let deviceVotes = deviceVotesConfigured, deviceVotes > 0, expected != 0 {
            if Int64(expected) - Int64(deviceVotes) < 2 { throw .deviceVotesTooHigh }
        }
        var deviceVotes = deviceVotesConfigured ?? 0
        if hasDevice && deviceVotesConfigured == nil && expected == 0 && hasNodelist
            && UInt32(truncatingIfNeeded: nodeCount) == nodelistExpected
        {
            deviceVotes = nodelistExpected &- 1
            nodelistExpected &+= deviceVotes
        }

        return VoteQuorumConfiguration(
            localNodeID: localNodeID,
            votes: hasNodelist ? (local?.quorumVotes ?? 1) : (votes ?? 1),
            hasNodelist: hasNodelist,
            nodeCount: nodeCount,
            nodelistExpectedVotes: nodelistExpected,
            configuredExpectedVotes: expected,
            twoNode: twoNode,
            waitForAll: waitForAll,
            waitForAllFollowsTwoNode: self.waitForAll == nil,
            lastManStanding: lastManStanding,
            lastManStandingWindow: lastManStandingWindow,
            tieBreaker: tieBreaker,
            allowDownscale: allowDownscale,
            expectedVotesTracking: tracking,
            deviceVotes: deviceVotes,
            warnings: warnings
        )
    }
}
