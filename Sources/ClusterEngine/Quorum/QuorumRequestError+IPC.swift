import ClusterIPC
import NodeCore
import VoteQuorum

extension QuorumRequestError {
    /// The reply status a tool reports: `CS_ERR_INVALID_PARAM`, `CS_ERR_NAME_NOT_FOUND`,
    /// `CS_ERR_NOT_SUPPORTED` without votequorum, `CS_ERR_TRY_AGAIN` when the ring is gone.
    public var status: IPCStatus {
        switch self {
        case .refused(.invalidParameter): return .invalidParam
        case .refused(.nodeNotFound): return .nameNotFound
        case .noVoteQuorum: return .notSupported
        case .ringUnavailable: return .tryAgain
        }
    }
}
