import Testing
import Totem
import VoteQuorum

@Suite struct WaitForAllTests {
    let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3]), waitForAll: true)

    @Test func notQuorateUntilAllWereSeenTogether() throws {
        var cluster = try TestCluster(options, nodes: ids(3))
        cluster.form([[1, 2]])
        #expect(!cluster.quorate(1) && !cluster.quorate(2))
        #expect(cluster.state(1).flags == [.waitForAll])
        cluster.form([ids(3)])
        #expect(ids(3).allSatisfy { cluster.quorate($0) })
        // Once seen together, a normal majority suffices.
        cluster.form([[1, 2], [3]])
        #expect(cluster.quorate(1) && !cluster.quorate(3))
        #expect(!cluster.cores[1]!.runtimeKeys.waitForAllStatus)
        #expect(cluster.cores[3]!.runtimeKeys.waitForAllStatus)
    }

    @Test func cancelWaitForAllReleasesEveryMember() throws {
        var cluster = try TestCluster(options, nodes: [1, 2])
        cluster.form([[1, 2]])
        #expect(!cluster.quorate(1))
        let effects = cluster.cores[1]!.cancelWaitForAll()
        #expect(effects == [.multicast(.reconfigure(Reconfigure(nodeID: 1, value: 0, parameter: .cancelWaitForAll)))])
        cluster.apply(effects, at: 1)
        #expect(cluster.quorate(1) && cluster.quorate(2))
        #expect(cluster.notices[2]?.contains(.waitForAllCancelled(by: 1)) == true)
        #expect(cluster.notifications[2]?.last?.quorate == true)
    }

    @Test func joiningAQuorateClusterReleasesWaitForAll() throws {
        let five = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4, 5]), waitForAll: true)
        var cluster = try TestCluster(five, nodes: ids(5))
        cluster.form([ids(5)])
        cluster.form([[1, 2, 3]])
        #expect(cluster.quorate(1))
        try cluster.boot(4, options: five)
        cluster.form([[4]])
        #expect(!cluster.quorate(4))
        cluster.form([[1, 2, 3, 4]])
        #expect(cluster.state(4).totalVotes == 4 && cluster.state(4).expectedVotes == 5)
        #expect(cluster.quorate(4))
    }
}
