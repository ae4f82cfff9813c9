/// A votequorum configuration corosync refuses to start with (exit status 20).
///
/// ``description`` is the `reason` corosync logs: `Service engine 'corosync_quorum' failed to
/// load for reason '<description>'`.
public enum VoteQuorumConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Neither a nodelist containing the local node nor quorum.expected_votes.
    case noNodelistOrExpectedVotes
    /// two_node together with a quorum device.
    case twoNodeWithDevice
    /// auto_tie_breaker and last_man_standing on an odd-sized cluster without wait_for_all.
    case autoTieBreakerAndLastManStandingOddCluster
    /// A quorum device with last_man_standing.
    case deviceWithLastManStanding
    /// A quorum device with auto_tie_breaker.
    case deviceWithAutoTieBreaker
    /// A quorum device with allow_downscale.
    case deviceWithAllowDownscale
    /// quorum.expected_votes and a device without quorum.device.votes.
    case deviceVotesRequiredWithExpectedVotes
    /// A device without votes and a nodelist whose nodes do not all have 1 vote.
    case deviceVotesRequiredWithUnevenVotes
    /// expected_votes - device.votes < 2.
    case deviceVotesTooHigh

    /// corosync's error string.
    public var description: String {
        switch self {
        case .noNodelistOrExpectedVotes:
            "configuration error: nodelist or quorum.expected_votes must be configured!"
        case .twoNodeWithDevice:
            "configuration error: two_node and quorum device cannot be configured at the same time!"
        case .autoTieBreakerAndLastManStandingOddCluster:
            "configuration error: auto_tie_breaker & last_man_standing not available in odd sized cluster"
        case .deviceWithLastManStanding:
            "configuration error: quorum.device is not compatible with last_man_standing"
        case .deviceWithAutoTieBreaker:
            "configuration error: quorum.device is not compatible with auto_tie_breaker"
        case .deviceWithAllowDownscale:
            "configuration error: quorum.device is not compatible with allow_downscale"
        case .deviceVotesRequiredWithExpectedVotes:
            "configuration error: quorum.device.votes must be specified when quorum.expected_votes is set"
        case .deviceVotesRequiredWithUnevenVotes:
            "configuration error: quorum.device.votes must be specified when not all nodes votes 1"
        case .deviceVotesTooHigh:
            "configuration error: quorum.device.votes is too high or expected_votes is too low"
        }
    }
}
