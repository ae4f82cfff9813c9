import ClusterClient
import ClusterIPC
import Testing

/// `quorumtool -m` and `--cancel-wait-for-all`: option precedence and their messages.
@Suite struct QuorumtoolMonitorCommandTests {
    @Test func monitorAndCancelTakeTheirPlaceInThePrecedence() throws {
        #expect(try QuorumtoolCommand.make(list: false, expected: nil, votes: nil, nodeID: nil, monitor: true) == .monitor)
        #expect(try QuorumtoolCommand.make(list: true, expected: nil, votes: nil, nodeID: nil, monitor: true) == .monitor)
        #expect(try QuorumtoolCommand.make(list: false, expected: nil, votes: "1", nodeID: nil, monitor: true) == .setVotes(1, nodeID: nil))
        #expect(try QuorumtoolCommand.make(list: false, expected: nil, votes: nil, nodeID: nil, cancelWaitForAll: true) == .cancelWaitForAll)
        #expect(try QuorumtoolCommand.make(
            list: true, expected: "2", votes: "1", nodeID: nil, monitor: true, cancelWaitForAll: true) == .cancelWaitForAll)
        #expect(throws: QuorumtoolUsageError(QuorumtoolMessages.invalidNodeID)) {
            try QuorumtoolCommand.make(list: false, expected: nil, votes: nil, nodeID: "0", cancelWaitForAll: true)
        }
    }

    @Test func messagesFollowCorosyncQuorumtool() {
        #expect(QuorumtoolMessages.trackFailed(.failed(.notSupported, message: "x"))
            == "Unable to start quorum status tracking: CS_ERR_NOT_SUPPORTED\n")
        #expect(QuorumtoolMessages.trackFailed(.notRunning(socketPath: "/run/totemd/totemd.sock"))
            == "Cannot initialize CMAP service\ntotemd is not running (no socket at /run/totemd/totemd.sock)\n")
        #expect(QuorumtoolMessages.dispatchFailed(.disconnected)
            == "Unable to dispatch quorum status: CS_ERR_LIBRARY\ntotemd closed the connection\n")
        #expect(QuorumtoolMessages.cancelWaitForAllFailed(.failed(.tryAgain, message: "ring stopped"))
            == "Unable to cancel wait_for_all: CS_ERR_TRY_AGAIN\n")
        #expect(QuorumtoolMessages.monitorWithoutQuorum == "\nQuorum is not configured - cannot monitor\n")
    }
}
