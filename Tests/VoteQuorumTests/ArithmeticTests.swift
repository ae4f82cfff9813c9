import Testing
import Totem
import VoteQuorum

@Suite struct ArithmeticTests {
    /// quorum = max(expected / 2 + 1, total / 2 + 1) on a fresh single node.
    @Test(arguments: [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (8, 5), (9, 5)])
    func quorumIsAStrictMajorityOfExpectedVotes(expected: UInt32, quorum: UInt32) throws {
        let options = VoteQuorumOptions(expectedVotes: expected)
        var core = VoteQuorumCore(configuration: try options.resolve(localNodeID: 1))
        _ = core.start()
        #expect(core.state.quorum == quorum)
        #expect(core.state.quorate == (quorum <= 1))
    }

    @Test func quorumFollowsTotalVotesWhenTheyExceedExpected() throws {
        // Node 1 has 5 votes in a nodelist of 3 nodes: expected ratchets up to the votes present.
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3], votes: [1: 5]))
        var core = VoteQuorumCore(configuration: try options.resolve(localNodeID: 1))
        let effects = core.start()
        #expect(core.state.expectedVotes == 7)
        #expect(core.state.quorum == 4)
        #expect(core.state.quorate)
        #expect(effects.contains(.quorumChanged(core.state)))
        #expect(effects.last == .multicast(.nodeInfo(NodeInfo(nodeID: 1, votes: 5, expectedVotes: 7, flags: [.first, .quorate]))))
    }

    @Test func startAnnouncesFirstAndWaitForAllStatus() throws {
        var core = VoteQuorumCore(configuration: try VoteQuorumOptions(nodelist: nodelist([1, 2]), twoNode: true).resolve(localNodeID: 2))
        let effects = core.start()
        #expect(effects.contains(.multicast(.nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 2, flags: [.first, .waitForAllStatus])))))
        #expect(effects.contains(.notice(.waitingForAllMembers(currentVotes: 1, expectedVotes: 2))))
        #expect(core.start().isEmpty)
    }

    @Test func quorumNeverDecreasesOnItsOwn() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4, 5])), nodes: ids(5))
        cluster.form([ids(5)])
        #expect(cluster.state(1).quorum == 3)
        cluster.form([[1, 2, 3], [4, 5]])
        #expect(cluster.state(1).quorum == 3 && cluster.quorate(1))
        #expect(cluster.state(4).quorum == 3 && !cluster.quorate(4))
        #expect(cluster.state(4).totalVotes == 2)
    }

    @Test func highestExpectedIsTakenAcrossMembersOnceThePeerIsQuorate() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3])), nodes: [1, 2])
        try cluster.boot(3, options: VoteQuorumOptions(nodelist: nodelist([1, 2, 3]), expectedVotes: 5))
        cluster.form([[1, 2, 3]])
        // Node 3 was inquorate when it announced expected 5: the others do not adopt it.
        #expect(cluster.state(1).highestExpected == 3)
        #expect(cluster.state(3).highestExpected == 5)
        #expect(cluster.state(3).quorum == 3 && cluster.quorate(3))
        // In the next ring node 3 announces QUORATE, and its expected votes count everywhere.
        cluster.form([[1, 2, 3]])
        #expect(cluster.state(1).highestExpected == 5)
        #expect(cluster.state(1).quorum == 3)
        #expect(cluster.state(1).expectedVotes == 3)
    }

    @Test func nodeVotesCountInTotalAndQuorum() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3], votes: [3: 3]))
        var cluster = try TestCluster(options, nodes: ids(3))
        cluster.form([ids(3)])
        #expect(cluster.state(1).expectedVotes == 5 && cluster.state(1).totalVotes == 5 && cluster.state(1).quorum == 3)
        cluster.form([[1, 2], [3]])
        #expect(!cluster.quorate(1))
        #expect(cluster.quorate(3))
    }
}

@Suite struct ThreeNodeSplitTests {
    @Test func twoPlusOneKeepsThePairAndBlocksTheSingleNode() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3])), nodes: ids(3))
        cluster.form([ids(3)])
        cluster.form([[1, 2], [3]])
        #expect(cluster.quorate(1) && cluster.quorate(2))
        #expect(!cluster.quorate(3))
        let single = cluster.state(3)
        #expect((single.quorum, single.totalVotes, single.expectedVotes) == (2, 1, 3))
        // quorumtool shows `Quorate: No` and `Quorum: 2 Activity blocked` for this state.
        #expect(!single.quorate && !single.flags.contains(.quorate))
        #expect(cluster.notifications[3]?.last?.quorate == false)
        #expect(cluster.notifications[1]?.last?.members.map(\.nodeID) == [1, 2])
        // Healing the split makes node 3 quorate again.
        cluster.form([ids(3)])
        #expect(cluster.quorate(3))
    }

    @Test func independentRunsProduceEqualCores() throws {
        func run() throws -> TestCluster {
            var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4]), autoTieBreaker: true), nodes: ids(4))
            cluster.form([ids(4)])
            cluster.form([[1, 3], [2, 4]])
            cluster.form([ids(4)])
            return cluster
        }
        let first = try run()
        let second = try run()
        for id in ids(4) {
            #expect(first.cores[id] == second.cores[id])
            #expect(first.notifications[id] == second.notifications[id])
        }
        #expect(first.cores[1] != first.cores[2])
    }
}
