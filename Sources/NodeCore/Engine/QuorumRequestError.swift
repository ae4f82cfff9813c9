import VoteQuorum

/// Why a local votequorum request (``ClusterNode/setExpectedVotes(_:)``,
/// ``ClusterNode/setVotes(_:of:)``) failed.
public enum QuorumRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// votequorum refused the value (as corosync's votequorum does; nothing was multicast).
    case refused(VoteQuorumRequestError)
    /// `quorum.provider` is not corosync_votequorum.
    case noVoteQuorum
    /// The request was accepted but its RECONFIGURE could not be multicast (the ring stopped).
    case ringUnavailable(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .refused(.invalidParameter): return "votequorum refused the value"
        case .refused(.nodeNotFound(let node)): return "votequorum knows no node \(node)"
        case .noVoteQuorum: return "votequorum is not the quorum provider"
        case .ringUnavailable(let reason): return "the request could not be multicast: \(reason)"
        }
    }
}
