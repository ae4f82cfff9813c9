import ClusterClient
import ClusterIPC
import Testing
import Totem
import VoteQuorum

/// quorumtool's text against the corosync-quorumtool captures, its JSON, its argument checks and
/// its error lines.
@Suite struct QuorumStatusFormatterTests {
    let tool = QuorumStatusFormatter()

    @Test func twoNodeClusterMatchesTheCapture() {
        #expect(tool.status(QuorumFixtures.twoNodeBothUp, date: "Sun Nov 22 02:50:40 2026") == QuorumFixtures.twoNodeBothUpS)
        #expect(tool.list(QuorumFixtures.twoNodeBothUp) == QuorumFixtures.twoNodeBothUpL)
        #expect(QuorumStatusFormatter.exitStatus(QuorumFixtures.twoNodeBothUp) == 0)
    }

    @Test func inquorateClusterIsActivityBlockedWithExitTwo() {
        #expect(tool.status(QuorumFixtures.threeNodesTwoDead, date: "Sun Nov 22 02:59:47 2026") == QuorumFixtures.threeNodesTwoDeadS)
        #expect(QuorumStatusFormatter.exitStatus(QuorumFixtures.threeNodesTwoDead) == 2)
    }

    @Test func hexIdsAddressesAndParsableColumn() {
        let list = QuorumStatusFormatter(hexNodeIDs: true, machineParsable: true, addresses: true).list(QuorumFixtures.twoNodeBothUp)
        #expect(list == QuorumFixtures.text([
            "", "Membership information", "----------------------", "    Nodeid      Votes    Qdevice Name",
            "0x00000001          1         NR 10.77.0.1 (local)", "0x00000002          1         NR 10.77.0.2",
        ]))
    }

    @Test func memberWithoutVotequorumInfoIsReportedAsCorosyncDoes() {
        var info = QuorumFixtures.twoNodeBothUp
        info.members[1].known = false
        info.members[1].votes = 0
        #expect(tool.list(info).hasPrefix("Unable to get node 2 info\n\nMembership information\n"))
        #expect(tool.list(info).hasSuffix("         2          0 node2\n"))
    }

    @Test func withoutVotequorumOnlyTheQuorumBlockAndNoVotesColumn() {
        #expect(tool.status(QuorumFixtures.noProvider, date: "D") == QuorumFixtures.text([
            "Quorum information", "------------------", "Date:             D", "Quorum provider:  Not configured",
            "Nodes:            2", "Node ID:          2", "Ring ID:          1c", "Quorate:          Yes",
        ]))
        #expect(tool.list(QuorumFixtures.noProvider) == QuorumFixtures.text([
            "", "Membership information", "----------------------", "    Nodeid Name",
            "         1 node1", "         2 10.77.0.2 (local)",
        ]))
    }

    @Test func stateConversionKeepsEveryFigure() {
        let state = QuorumStatusFormatter.quorumState(QuorumFixtures.twoNodeBothUp)
        #expect(state.nodeID == 1 && state.ringID == RingID(rep: 1, seq: 9) && state.quorate && state.votes == 1)
        #expect(state.flags == [.twoNode, .quorate, .waitForAll] && state.quorum == 1 && state.totalVotes == 2)
        #expect(state.members == [
            MemberVotes(nodeID: 1, votes: 1, expectedVotes: 2, state: .member),
            MemberVotes(nodeID: 2, votes: 1, expectedVotes: 2, state: .member),
        ])
    }

    @Test func jsonHasStableKeys() {
        let status = tool.statusJSON(QuorumFixtures.threeNodesTwoDead)
        #expect(status == #"{"provider":"corosync_votequorum","voteQuorum":true,"localNodeID":1,"ringID":"1.5a","nodes":1,"#
            + #""quorate":false,"expectedVotes":3,"highestExpected":3,"totalVotes":1,"quorum":2,"flags":[],"#
            + #""waitForAllPending":false,"members":[{"nodeID":1,"votes":1,"expectedVotes":3,"state":"member","#
            + #""name":"node1","address":"10.77.0.1","local":true}]}"# + "\n")
        #expect(tool.statusJSON(QuorumFixtures.twoNodeBothUp).contains(#""flags":["2Node","Quorate","WaitForAll"]"#))
        let list = tool.listJSON(QuorumFixtures.noProvider)
        #expect(list.hasPrefix(#"{"localNodeID":2,"members":[{"nodeID":1,"votes":null,"expectedVotes":null,"state":null,"#))
        #expect(tool.statusJSON(QuorumFixtures.noProvider).contains(#""expectedVotes":null"#))
    }

    @Test func commandsValidateNumbersAsCorosyncQuorumtool() throws {
        #expect(try QuorumtoolCommand.make(list: false, expected: nil, votes: nil, nodeID: nil) == .status)
        #expect(try QuorumtoolCommand.make(list: true, expected: nil, votes: nil, nodeID: "3") == .list)
        #expect(try QuorumtoolCommand.make(list: true, expected: "0x10", votes: "1", nodeID: nil) == .setExpectedVotes(16))
        #expect(try QuorumtoolCommand.make(list: false, expected: nil, votes: "0", nodeID: "9") == .setVotes(0, nodeID: 9))
        #expect(try QuorumtoolCommand.make(list: false, expected: nil, votes: "2", nodeID: nil) == .setVotes(2, nodeID: nil))
        for bad in ["0", "-1", "x", "", "2147483648"] {
            #expect(throws: QuorumtoolUsageError(QuorumtoolMessages.invalidExpectedVotes)) {
                try QuorumtoolCommand.make(list: false, expected: bad, votes: nil, nodeID: nil)
            }
        }
        for bad in ["-1", "abc"] {
            #expect(throws: QuorumtoolUsageError("New votes value was not valid, try a positive number or zero\n")) {
                try QuorumtoolCommand.make(list: false, expected: nil, votes: bad, nodeID: nil)
            }
        }
        for bad in ["0", "-3", "4294967296"] {
            #expect(throws: QuorumtoolUsageError("The nodeid was not valid, try a positive number\n")) {
                try QuorumtoolCommand.make(list: false, expected: nil, votes: "1", nodeID: bad)
            }
        }
    }

    @Test func theLastCommandGivenWinsAsInCorosyncQuorumtool() throws {
        func command(_ arguments: [String], list: Bool = false, expected: String? = nil, votes: String? = nil,
                     monitor: Bool = false, cancel: Bool = false) throws -> QuorumtoolCommand {
            let last = ShortOptionOrder.last(of: ["s", "l", "m", "e", "v"], valued: ["e", "v", "n", "o"], in: arguments)
            return try QuorumtoolCommand.make(
                list: list, expected: expected, votes: votes, nodeID: nil, monitor: monitor, cancelWaitForAll: cancel, last: last)
        }
        #expect(try command(["-e", "3", "-s"], expected: "3") == .status)
        #expect(try command(["-s", "-e", "3"], expected: "3") == .setExpectedVotes(3))
        #expect(try command(["-v", "2", "-e", "3"], expected: "3", votes: "2") == .setExpectedVotes(3))
        #expect(try command(["-e", "3", "-v", "2"], expected: "3", votes: "2") == .setVotes(2, nodeID: nil))
        #expect(try command(["-m", "-l"], list: true, monitor: true) == .list)
        #expect(try command(["-lm"], list: true, monitor: true) == .monitor)
        #expect(try command(["-m", "--cancel-wait-for-all", "-s"], monitor: true, cancel: true) == .cancelWaitForAll)
        // A bad number is refused even when a later command would win.
        #expect(throws: QuorumtoolUsageError(QuorumtoolMessages.invalidExpectedVotes)) {
            try command(["-e", "0", "-s"], expected: "0")
        }
    }

    @Test func errorLinesAreCorosyncs() {
        #expect(QuorumtoolMessages.setExpectedVotesFailed(.failed(.invalidParam, message: "m"))
            == "Unable to set expected votes: CS_ERR_INVALID_PARAM\n")
        #expect(QuorumtoolMessages.setVotesFailed(.failed(.nameNotFound, message: "m"), votes: 1, nodeID: 9)
            == "Unable to set votes 1 for nodeid: 9: CS_ERR_NAME_NOT_FOUND\n")
        let notRunning = QuorumtoolMessages.statusFailed(.notRunning(socketPath: "/r/totemd.sock"))
        #expect(notRunning == "Cannot initialize CMAP service\ntotemd is not running (no socket at /r/totemd.sock)\n")
        #expect(QuorumtoolMessages.statusFailed(.failed(.access, message: "no")).hasPrefix("Cannot initialize CMAP service\n"))
        #expect(QuorumtoolMessages.statusFailed(.timedOut) == "Unable to get cluster quorate status: CS_ERR_LIBRARY\ntotemd did not answer in time\n")
    }

    @Test func currentDateHasCtimeLayout() {
        let date = QuorumStatusFormatter.currentDate()
        #expect(date.count == 24 && date.split(separator: " ", omittingEmptySubsequences: true).count == 5)
    }
}
