import ClusterIPC

/// The stderr lines of `quorumtool`, in `corosync-quorumtool`'s words (tools-and-config.md §4.1
/// and §5) with our daemon's name where corosync names itself.
public enum QuorumtoolMessages {
    /// `-e` with zero, a negative number or text.
    public static let invalidExpectedVotes = "New expected votes value was not valid, try a positive number\n"
    /// `-v` with a negative number or text.
    public static let invalidVotes = "New votes value was not valid, try a positive number or zero\n"
    /// `-n` with zero, a negative number or text.
    public static let invalidNodeID = "The nodeid was not valid, try a positive number\n"
    /// `-e` when the provider is not votequorum.
    public static let expectedVotesWithoutVoteQuorum = "You cannot change expected votes, totemd is not using votequorum\n"
    /// `-v` when the provider is not votequorum.
    public static let votesWithoutVoteQuorum = "You cannot change node votes, totemd is not using votequorum\n"
    /// `--cancel-wait-for-all` when the provider is not votequorum.
    public static let cancelWithoutVoteQuorum = "You cannot cancel wait_for_all, totemd is not using votequorum\n"
    /// `-m` without a quorum provider (stdout, before the status, as corosync-quorumtool).
    public static let monitorWithoutQuorum = "\nQuorum is not configured - cannot monitor\n"

    /// `-m` could not start tracking: `Unable to start quorum status tracking: CS_ERR_...`.
    public static func trackFailed(_ error: TotemdClientError) -> String {
        failure(error, prefix: "Unable to start quorum status tracking")
    }

    /// `-m` lost the daemon: `Unable to dispatch quorum status: CS_ERR_LIBRARY` and the reason.
    public static func dispatchFailed(_ error: TotemdClientError) -> String {
        "Unable to dispatch quorum status: \(error.status.name)\n\(error)\n"
    }

    /// `--cancel-wait-for-all` refused: `Unable to cancel wait_for_all: CS_ERR_...`.
    public static func cancelWaitForAllFailed(_ error: TotemdClientError) -> String {
        failure(error, prefix: "Unable to cancel wait_for_all")
    }

    /// A failed call. When the daemon cannot be reached or refuses the user, corosync's first
    /// call fails and it prints `Cannot initialize CMAP service`; the reason follows. A refused
    /// call is `prefix: CS_ERR_...` as quorumtool prints it; other failures (no answer, a
    /// malformed one) add the reason on a second line.
    public static func failure(_ error: TotemdClientError, prefix: String) -> String {
        if error.isConnectFailure || error.status == .access { return "Cannot initialize CMAP service\n\(error)\n" }
        if case .failed = error { return "\(prefix): \(error.status.name)\n" }
        return "\(prefix): \(error.status.name)\n\(error)\n"
    }

    /// `-e N` refused: `Unable to set expected votes: CS_ERR_INVALID_PARAM`.
    public static func setExpectedVotesFailed(_ error: TotemdClientError) -> String {
        failure(error, prefix: "Unable to set expected votes")
    }

    /// `[-n NODE] -v N` refused: `Unable to set votes 1 for nodeid: 9: CS_ERR_NAME_NOT_FOUND`.
    public static func setVotesFailed(_ error: TotemdClientError, votes: UInt32, nodeID: UInt32) -> String {
        failure(error, prefix: "Unable to set votes \(votes) for nodeid: \(nodeID)")
    }

    /// `-s`/`-l` failed after connecting: `Unable to get cluster quorate status: CS_ERR_...`.
    public static func statusFailed(_ error: TotemdClientError) -> String {
        failure(error, prefix: "Unable to get cluster quorate status")
    }
}
