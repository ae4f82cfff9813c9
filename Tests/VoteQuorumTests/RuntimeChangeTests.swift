import Testing
import Totem
import VoteQuorum

@Suite struct RuntimeChangeTests {
    @Test func expectedVotesSetAtRuntimeAreValidatedThenAppliedEverywhere() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3])), nodes: ids(3))
        cluster.form([ids(3)])
        #expect(throws: VoteQuorumRequestError.invalidParameter) { try cluster.request(1) { try $0.setExpectedVotes(2) } }
        try cluster.request(1) { try $0.setExpectedVotes(5) }
        for id in ids(3) {
            #expect(cluster.state(id).expectedVotes == 5 && cluster.state(id).quorum == 3 && cluster.quorate(id))
        }
        #expect(cluster.cores[2]!.runtimeKeys.expectedVotesBarrier == 5)
        // 6 would need quorum 4 > 3 votes present: refused, nothing sent.
        #expect(throws: VoteQuorumRequestError.invalidParameter) { try cluster.request(2) { try $0.setExpectedVotes(6) } }
        #expect(cluster.state(1).expectedVotes == 5)
        // Lowering is allowed and lets quorum decrease.
        try cluster.request(3) { try $0.setExpectedVotes(3) }
        #expect(cluster.state(1).expectedVotes == 3 && cluster.state(1).quorum == 2)
    }

    @Test func capturedTwoNodeSequenceOfExpectedAndNodeVotes() throws {
        // tools-and-config.md §4.3: -e 1 refused, -e 3, -e 2, -v 2, -v 1 on node 1.
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2]), twoNode: true), nodes: [1, 2])
        cluster.form([[1, 2]])
        #expect(throws: VoteQuorumRequestError.invalidParameter) { try cluster.request(1) { try $0.setExpectedVotes(1) } }
        try cluster.request(1) { try $0.setExpectedVotes(3) }
        var state = cluster.state(1)
        #expect((state.expectedVotes, state.highestExpected, state.totalVotes, state.quorum) == (3, 3, 2, 1))
        try cluster.request(1) { try $0.setExpectedVotes(2) }
        try cluster.request(1) { try $0.setVotes(2, of: 1) }
        state = cluster.state(1)
        #expect((state.expectedVotes, state.highestExpected, state.totalVotes, state.quorum) == (3, 3, 3, 1))
        #expect(state.members.map(\.votes) == [2, 1])
        #expect(cluster.state(2).members.map(\.votes) == [2, 1])
        try cluster.request(1) { try $0.setVotes(1, of: 1) }
        state = cluster.state(1)
        #expect((state.expectedVotes, state.totalVotes) == (3, 2))
        #expect(throws: VoteQuorumRequestError.nodeNotFound(9)) { try cluster.request(1) { try $0.setVotes(1, of: 9) } }
        #expect(VoteQuorumRequestError.nodeNotFound(9).description == "CS_ERR_NAME_NOT_FOUND")
    }

    @Test func votesOfAnotherNodeChangedAtRuntime() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3])), nodes: ids(3))
        cluster.form([ids(3)])
        try cluster.request(2) { try $0.setVotes(3, of: 3) }
        for id in ids(3) {
            #expect(cluster.state(id).members.map(\.votes) == [1, 1, 3])
            #expect(cluster.state(id).totalVotes == 5 && cluster.state(id).expectedVotes == 5)
            #expect(cluster.state(id).quorum == 3)
        }
        cluster.form([[1, 2], [3]])
        #expect(!cluster.quorate(1) && cluster.quorate(3))
        // Setting votes so that quorum would exceed the votes present is refused.
        #expect(throws: VoteQuorumRequestError.invalidParameter) { try cluster.request(1) { try $0.setVotes(0, of: 1) } }
    }

    @Test func reconfigureFromAnotherNodeIsApplied() throws {
        var core = VoteQuorumCore(configuration: try VoteQuorumOptions(nodelist: nodelist([1, 2, 3])).resolve(localNodeID: 1))
        _ = core.start()
        _ = core.syncInit(members: [1, 2, 3], ringID: RingID(rep: 1, seq: 4), now: .zero)
        _ = core.syncProcess()
        for id: NodeID in [1, 2, 3] {
            _ = core.receive(.nodeInfo(NodeInfo(nodeID: id, votes: 1, expectedVotes: 3, flags: [])), from: id)
        }
        _ = core.syncActivate()
        #expect(core.state.quorate && core.state.quorum == 2)
        let effects = core.receive(.reconfigure(Reconfigure(nodeID: 2, value: 4, parameter: .expectedVotes)), from: 2)
        #expect(effects.contains(.expectedVotesChanged(4)))
        #expect(core.state.expectedVotes == 4 && core.state.highestExpected == 4 && core.state.quorum == 3 && core.state.quorate)
        _ = core.receive(.reconfigure(Reconfigure(nodeID: 3, value: 0, parameter: .nodeVotes)), from: 2)
        #expect(core.state.totalVotes == 2 && !core.state.quorate)
        #expect(core.state.members.map(\.votes) == [1, 1, 0])
        // A RECONFIGURE about a node votequorum never heard of changes nothing.
        let before = core.state
        #expect(core.receive(.reconfigure(Reconfigure(nodeID: 7, value: 5, parameter: .nodeVotes)), from: 2).isEmpty)
        #expect(core.state == before)
    }

    @Test func anInquorateSurvivorCanBeUnblockedByLoweringExpectedVotes() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3])), nodes: ids(3))
        cluster.form([ids(3)])
        cluster.form([[1], [2], [3]])
        #expect(!cluster.quorate(1))
        #expect(throws: VoteQuorumRequestError.invalidParameter) { try cluster.request(1) { try $0.setExpectedVotes(0) } }
        try cluster.request(1) { try $0.setExpectedVotes(1) }
        #expect(cluster.quorate(1) && cluster.state(1).quorum == 1)
        #expect(!cluster.quorate(2))
    }
}
