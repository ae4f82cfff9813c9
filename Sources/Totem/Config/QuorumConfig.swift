/// The `quorum` section as votequorum reads it (defaults of corosync 3.1.7). Combinations that
/// votequorum refuses at start-up are not checked here: `corosync -t` does not check them either.
public struct QuorumConfig: Hashable, Sendable {
    /// A quorum device (`quorum.device`).
    public struct Device: Hashable, Sendable {
        /// `device.model` (for example `net`).
        public var model: String
        /// `device.votes`; nil = derived by votequorum.
        public var votes: UInt32?
        /// `device.timeout` in milliseconds (default 10000).
        public var timeoutMs: UInt32
        /// `device.sync_timeout` in milliseconds (default 30000).
        public var syncTimeoutMs: UInt32
        /// `device.master_wins`.
        public var masterWins: Bool
    }

    /// `provider` (`corosync_votequorum`); nil = no quorum (everybody quorate).
    public var provider: String?
    /// `expected_votes`; nil or 0 = derived from the nodelist.
    public var expectedVotes: UInt32?
    /// `votes` (only used without a nodelist).
    public var votes: UInt32?
    /// `two_node`.
    public var twoNode: Bool
    /// `wait_for_all` as written; nil = follows ``twoNode``.
    public var waitForAllSetting: Bool?
    /// `last_man_standing`.
    public var lastManStanding: Bool
    /// `last_man_standing_window` in milliseconds (default 10000).
    public var lastManStandingWindowMs: UInt32
    /// `auto_tie_breaker`.
    public var autoTieBreaker: Bool
    /// `auto_tie_breaker_node` (default `lowest`).
    public var autoTieBreakerNode: String
    /// `allow_downscale`.
    public var allowDownscale: Bool
    /// `expected_votes_tracking`.
    public var expectedVotesTracking: Bool
    /// `leaving_timeout` (parsed, unused by corosync).
    public var leavingTimeoutMs: UInt32?
    /// The quorum device, if `device.model` is set.
    public var device: Device?

    /// The effective wait_for_all: as written, else the value of two_node.
    public var waitForAll: Bool { waitForAllSetting ?? twoNode }

    init(_ reader: ConfigReader) {
        provider = reader.string("quorum.provider")
        expectedVotes = reader.u32("quorum.expected_votes")
        votes = reader.u32("quorum.votes")
        twoNode = reader.u8Flag("quorum.two_node") ?? false
        waitForAllSetting = reader.u8Flag("quorum.wait_for_all")
        lastManStanding = reader.u8Flag("quorum.last_man_standing") ?? false
        lastManStandingWindowMs = reader.u32("quorum.last_man_standing_window") ?? 10000
        autoTieBreaker = reader.u8Flag("quorum.auto_tie_breaker") ?? false
        autoTieBreakerNode = reader.string("quorum.auto_tie_breaker_node") ?? "lowest"
        allowDownscale = reader.u8Flag("quorum.allow_downscale") ?? false
        expectedVotesTracking = reader.u8Flag("quorum.expected_votes_tracking") ?? false
        leavingTimeoutMs = reader.u32("quorum.leaving_timeout")
        device = reader.string("quorum.device.model").map { model in
            Device(
                model: model, votes: reader.u32("quorum.device.votes"),
                timeoutMs: reader.u32("quorum.device.timeout") ?? 10000,
                syncTimeoutMs: reader.u32("quorum.device.sync_timeout") ?? 30000,
                masterWins: reader.u8Flag("quorum.device.master_wins") ?? false)
        }
    }
}
