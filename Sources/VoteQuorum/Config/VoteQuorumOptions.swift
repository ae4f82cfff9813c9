import Totem

/// The `quorum` section of corosync.conf plus the nodelist facts votequorum reads, as written.
///
/// ``resolve(localNodeID:)`` applies corosync's start-up validation (`votequorum_readconfig`):
/// fatal combinations throw ``VoteQuorumConfigurationError`` with corosync's message, the
/// tolerated ones are adjusted and reported as ``VoteQuorumWarning``s.
public struct VoteQuorumOptions: Hashable, Sendable {
    /// The nodelist (`nodelist.node.*`). Only used if it contains the local node, as in corosync.
    public var nodelist: [NodelistEntry]
    /// `quorum.expected_votes`; `nil` or 0 derives expected votes from the nodelist.
    public var expectedVotes: UInt32?
    /// `quorum.votes` (deprecated; used only when the local node is not in the nodelist).
    public var votes: UInt32?
    /// `quorum.two_node`.
    public var twoNode: Bool
    /// `quorum.wait_for_all`; `nil` follows `two_node`.
    public var waitForAll: Bool?
    /// `quorum.last_man_standing`.
    public var lastManStanding: Bool
    /// `quorum.last_man_standing_window` (default 10 s).
    public var lastManStandingWindow: Duration
    /// `quorum.auto_tie_breaker`.
    public var autoTieBreaker: Bool
    /// `quorum.auto_tie_breaker_node` as written (`lowest`, `highest` or node ids); `nil` = lowest.
    public var autoTieBreakerNode: String?
    /// `quorum.allow_downscale` (turns expected_votes_tracking on).
    public var allowDownscale: Bool
    /// `quorum.expected_votes_tracking`.
    public var expectedVotesTracking: Bool
    /// `quorum.device`, if configured.
    public var device: QuorumDeviceOptions?

    /// corosync's defaults for the given nodelist.
    public init(
        nodelist: [NodelistEntry] = [], expectedVotes: UInt32? = nil, votes: UInt32? = nil,
        twoNode: Bool = false, waitForAll: Bool? = nil, lastManStanding: Bool = false,
        lastManStandingWindow: Duration = .milliseconds(10_000), autoTieBreaker: Bool = false,
        autoTieBreakerNode: String? = nil, allowDownscale: Bool = false,
        expectedVotesTracking: Bool = false, device: QuorumDeviceOptions? = nil
    ) {
        self.nodelist = nodelist
        self.expectedVotes = expectedVotes
        self.votes = votes
        self.twoNode = twoNode
        self.waitForAll = waitForAll
        self.lastManStanding = lastManStanding
        self.lastManStandingWindow = lastManStandingWindow
        self.autoTieBreaker = autoTieBreaker
        self.autoTieBreakerNode = autoTieBreakerNode
        self.allowDownscale = allowDownscale
        self.expectedVotesTracking = expectedVotesTracking
        self.device = device
    }
}
