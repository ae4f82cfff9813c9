import CorosyncFormat
import Testing
import Totem
import VoteQuorum

/// Real votequorum scenarios, run on the cores, rendered by CorosyncFormat's
/// ``QuorumToolFormatter`` and compared with what `corosync-quorumtool` 3.1.7 printed for the
/// same scenarios (``Captured``): the cores' figures and flags are corosync's. The formatter's
/// own cases are in CorosyncFormatTests.
@Suite struct QuorumtoolCaptureTests {
    let names: [NodeID: String] = [1: "node1", 2: "node2", 3: "node3"]
    let tool = QuorumToolFormatter()
    let twoNode = VoteQuorumOptions(nodelist: nodelist([1, 2]), twoNode: true)

    func twoNodeCluster() throws -> TestCluster {
        var cluster = try TestCluster(twoNode, nodes: [1, 2])
        cluster.form([[1, 2]])
        return cluster
    }

    func at(_ state: QuorumState, ring: RingID) -> QuorumState {
        var copy = state
        copy.ringID = ring
        return copy
    }

    @Test func twoNodeClusterBothUp() throws {
        let cluster = try twoNodeCluster()
        let ring = RingID(rep: 1, seq: 9)
        #expect(tool.status(at(cluster.state(1), ring: ring), date: "Sun Nov 22 02:50:40 2026", names: names) == Captured.bothUpNode1S)
        #expect(tool.status(at(cluster.state(2), ring: ring), date: "Sun Nov 22 02:50:40 2026", names: names) == Captured.bothUpNode2S)
        #expect(tool.list(cluster.state(1), names: names) == Captured.bothUpNode1L)
        let parsable = QuorumToolFormatter(machineParsable: true)
        #expect(parsable.status(at(cluster.state(1), ring: ring), date: "Sun Nov 22 02:51:27 2026", names: names) == Captured.sp)
        #expect(parsable.list(cluster.state(1), names: names) == Captured.lp)
        #expect(QuorumToolFormatter(hexNodeIDs: true).list(cluster.state(1), names: names) == Captured.lH)
    }

    @Test func afterExpectedAndNodeVotesChanges() throws {
        var cluster = try twoNodeCluster()
        let ring = RingID(rep: 1, seq: 9)
        try cluster.request(1) { try $0.setExpectedVotes(3) }
        #expect(tool.status(at(cluster.state(1), ring: ring), date: "Sun Nov 22 02:51:27 2026", names: names) == Captured.expected3)
        try cluster.request(1) { try $0.setExpectedVotes(2) }
        try cluster.request(1) { try $0.setVotes(2, of: 1) }
        #expect(tool.status(at(cluster.state(1), ring: ring), date: "Sun Nov 22 02:51:30 2026", names: names) == Captured.votes2)
    }

    @Test func peerKilledThenRestartedAlone() throws {
        var cluster = try twoNodeCluster()
        cluster.form([[1]])
        #expect(tool.status(at(cluster.state(1), ring: RingID(rep: 1, seq: 0xd)), date: "Sun Nov 22 02:52:02 2026", names: names)
            == Captured.killed)
        try cluster.boot(1, options: twoNode)
        cluster.form([[1]])
        #expect(tool.status(at(cluster.state(1), ring: RingID(rep: 1, seq: 0x12)), date: "Sun Nov 22 02:52:18 2026", names: names)
            == Captured.alone)
    }

    @Test func threeNodesTwoDeadIsActivityBlocked() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3])), nodes: ids(3))
        cluster.form([ids(3)])
        cluster.form([[1], [2, 3]])
        cluster.form([[1]])
        #expect(tool.status(at(cluster.state(1), ring: RingID(rep: 1, seq: 0x5a)), date: "Sun Nov 22 02:59:47 2026", names: names)
            == Captured.threeDead)
        // The pair of a 2+1 split stays quorate.
        #expect(cluster.quorate(2) && cluster.quorate(3))
    }

    @Test func everyFeatureFlag() throws {
        let options = VoteQuorumOptions(
            nodelist: nodelist([1, 2, 3]), waitForAll: true, lastManStanding: true,
            lastManStandingWindow: .milliseconds(20_000), autoTieBreaker: true, autoTieBreakerNode: "3 1", allowDownscale: true)
        var cluster = try TestCluster(options, nodes: [1])
        cluster.form([[1]])
        #expect(tool.status(at(cluster.state(1), ring: RingID(rep: 1, seq: 0x5f)), date: "Sun Nov 22 02:59:59 2026", names: names)
            == Captured.allFlags)
        let keys = cluster.cores[1]!.runtimeKeys
        #expect(keys.atbType == 3 && keys.expectedVotesBarrier == 3 && keys.trackingBarrier == 3 && keys.waitForAllStatus)
    }

    @Test func memberWithoutNodeInfo() throws {
        var core = VoteQuorumCore(configuration: try VoteQuorumOptions(nodelist: nodelist([1, 2, 3])).resolve(localNodeID: 1))
        _ = core.start()
        _ = core.syncInit(members: [1, 2, 3], ringID: RingID(rep: 1, seq: 0x40), now: .zero)
        for message in core.syncProcess().messages { _ = core.receive(message, from: 1) }
        _ = core.receive(.nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 3, flags: [])), from: 2)
        _ = core.syncActivate()
        #expect(tool.status(core.state, date: "Sun Nov 22 02:58:06 2026", names: names) == Captured.noInfo)
        #expect(QuorumToolFormatter(machineParsable: true).list(core.state, names: names) == Captured.noInfoLP)
    }

    @Test func pairAfterTheThirdNodeDied() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3])), nodes: ids(3))
        cluster.form([ids(3)])
        cluster.form([[1, 3]])
        #expect(tool.status(at(cluster.state(1), ring: RingID(rep: 1, seq: 0x2b)), date: "Sun Nov 22 02:57:33 2026", names: names)
            == Captured.minimal)
    }
}
