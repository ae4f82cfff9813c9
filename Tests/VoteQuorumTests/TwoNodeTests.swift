import Testing
import Totem
import VoteQuorum

@Suite struct TwoNodeTests {
    let options = VoteQuorumOptions(nodelist: nodelist([1, 2]), twoNode: true)

    @Test func bootWithThePeerDownWaitsForAll() throws {
        var cluster = try TestCluster(options, nodes: [1])
        cluster.form([[1]])
        let state = cluster.state(1)
        #expect(!state.quorate)
        #expect(state.quorum == 1 && state.expectedVotes == 2 && state.totalVotes == 1)
        #expect(state.flags == [.twoNode, .waitForAll])
        #expect(state.waitForAllPending)
        #expect(cluster.notices[1]?.contains(.waitingForAllMembers(currentVotes: 1, expectedVotes: 2)) == true)
    }

    @Test func bothSeenTogetherThenLosingOneStaysQuorate() throws {
        var cluster = try TestCluster(options, nodes: [1])
        cluster.form([[1]])
        try cluster.boot(2, options: options)
        cluster.form([[1, 2]])
        #expect(cluster.quorate(1) && cluster.quorate(2))
        #expect(cluster.state(1).flags == [.twoNode, .quorate, .waitForAll])
        #expect(cluster.notifications[1]?.last?.quorate == true)
        cluster.form([[1]])
        let state = cluster.state(1)
        #expect(state.quorate && state.quorum == 1 && state.totalVotes == 1 && state.expectedVotes == 2)
        #expect(cluster.cores[1]!.runtimeKeys.lowestNodeID == 1 && cluster.cores[1]!.runtimeKeys.highestNodeID == 1)
        // A split of a two_node cluster leaves both halves quorate: fencing decides (man page).
        cluster.form([[1, 2]])
        cluster.form([[1], [2]])
        #expect(cluster.quorate(1) && cluster.quorate(2))
    }

    @Test func restartedAloneIsBlockedAgain() throws {
        var cluster = try TestCluster(options, nodes: [1, 2])
        cluster.form([[1, 2]])
        try cluster.boot(1, options: options)
        cluster.form([[1]])
        #expect(!cluster.quorate(1))
        #expect(cluster.cores[1]!.runtimeKeys.waitForAllStatus)
    }

    @Test func explicitWaitForAllZeroMakesALoneNodeQuorate() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2]), twoNode: true, waitForAll: false), nodes: [1])
        cluster.form([[1]])
        #expect(cluster.quorate(1))
        #expect(cluster.state(1).flags == [.twoNode, .quorate])
    }

    @Test func twoNodeIsIgnoredWithMoreThanTwoVoters() throws {
        let three = VoteQuorumOptions(nodelist: nodelist([1, 2, 3]), twoNode: true, waitForAll: false)
        var cluster = try TestCluster(three, nodes: ids(3))
        cluster.form([ids(3)])
        #expect(cluster.state(1).quorum == 2)
        #expect(cluster.state(1).flags.contains(.twoNode))
        cluster.form([[1, 2], [3]])
        // Two voters left: two_node forces quorum 1 again for the pair; the single node too.
        #expect(cluster.state(1).quorum == 1 && cluster.quorate(1))
        #expect(cluster.state(3).quorum == 1 && cluster.quorate(3))
    }
}
