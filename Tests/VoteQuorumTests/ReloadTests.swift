import Testing
import Totem
import VoteQuorum

/// ``VoteQuorumCore/reload(votes:expectedVotes:twoNode:)``: a configuration reload as corosync
/// 3.1.7's votequorum applies it (two_node re-read, figures unchecked, NODEINFO announced).
@Suite struct VoteQuorumReloadTests {
    static func kinds(_ effects: [VoteQuorumEffect]) -> [String] {
        effects.map { effect in
            switch effect {
            case .multicast(.nodeInfo(let info)): "NODEINFO(\(info.nodeID))"
            case .multicast(.reconfigure(let request)): "RECONFIGURE(\(request.parameter.rawValue),\(request.nodeID),\(request.value))"
            case .notice(let notice): "\(notice)"
            default: "\(effect)"
            }
        }
    }

    @Test func twoNodeAddedAtRuntimeKeepsTheSurvivorQuorate() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2])), nodes: [1, 2])
        cluster.form([[1, 2]])
        #expect(cluster.quorate(1) && !cluster.state(1).flags.contains(.twoNode))
        var sent: [String] = []
        for id in [NodeID(1), NodeID(2)] {
            try cluster.request(id) { core in
                let effects = core.reload(votes: 1, expectedVotes: 2, twoNode: true)
                sent = Self.kinds(effects)
                return effects
            }
        }
        // Nothing but the announcement: votes and expected votes did not change.
        #expect(sent == ["NODEINFO(2)", "NODEINFO(0)"])
        #expect(cluster.state(1).flags.contains(.twoNode))
        // wait_for_all was not written: it follows two_node, its status stays clear.
        #expect(cluster.state(1).flags.contains(.waitForAll) && !cluster.state(1).waitForAllPending)
        #expect(cluster.cores[1]!.runtimeKeys.twoNode)

        cluster.form([[1]])
        #expect(cluster.quorate(1))
        #expect(cluster.state(1).quorum == 1 && cluster.state(1).totalVotes == 1)
    }

    @Test func twoNodeRemovedAtRuntimeMakesALoneNodeInquorateOnceRecalculated() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2]), twoNode: true), nodes: [1, 2])
        cluster.form([[1, 2]])
        cluster.form([[1]])
        #expect(cluster.quorate(1) && cluster.state(1).quorum == 1)

        var core = cluster.cores[1]!
        let effects = core.reload(votes: 1, expectedVotes: 2, twoNode: false)
        // Pure: nothing recalculated before our NODEINFO is delivered.
        #expect(core.state.quorate && !core.state.flags.contains(.twoNode) && !core.state.flags.contains(.waitForAll))
        cluster.cores[1] = core
        let before = cluster.notifications[1]?.count ?? 0
        cluster.apply(effects, at: 1)
        #expect(!cluster.quorate(1))
        #expect(cluster.state(1).quorum == 2)
        #expect(cluster.notifications[1]?.count == before + 1 && cluster.notifications[1]?.last?.quorate == false)
        #expect(!cluster.cores[1]!.runtimeKeys.twoNode)
    }

    @Test func explicitWaitForAllDoesNotFollowARuntimeTwoNode() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2]), waitForAll: false), nodes: [1, 2])
        cluster.form([[1, 2]])
        try cluster.request(1) { $0.reload(votes: 1, expectedVotes: 2, twoNode: true) }
        #expect(cluster.state(1).flags.contains(.twoNode) && !cluster.state(1).flags.contains(.waitForAll))
    }

    @Test func twoNodeStaysOffWhileAutoTieBreakerWasConfiguredAtStartUp() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4]), autoTieBreaker: true)
        var cluster = try TestCluster(options, nodes: ids(4))
        cluster.form([ids(4)])
        var core = cluster.cores[1]!
        let effects = core.reload(votes: 1, expectedVotes: 4, twoNode: true)
        #expect(Self.kinds(effects) == ["twoNodeDisabledByAutoTieBreaker", "NODEINFO(1)", "NODEINFO(0)"])
        #expect(!core.state.flags.contains(.twoNode) && !core.runtimeKeys.twoNode)
        // auto_tie_breaker disabled at start-up on an odd cluster still counts as configured.
        var odd = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2, 3]), autoTieBreaker: true), nodes: [1])
        var lone = odd.cores[1]!
        #expect(!lone.state.flags.contains(.autoTieBreaker))
        _ = lone.reload(votes: 1, expectedVotes: 3, twoNode: true)
        #expect(!lone.state.flags.contains(.twoNode))
        odd.cores[1] = lone
    }

    @Test func changedFiguresAreTakenUncheckedAndAnnouncedInCorosyncsOrder() throws {
        var cluster = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2])), nodes: [1, 2])
        cluster.form([[1, 2]])
        // quorumtool -v 0 is refused here (quorum 2 > 1 vote left); a reload takes it.
        #expect(throws: VoteQuorumRequestError.invalidParameter) { try cluster.request(1) { try $0.setVotes(0, of: 1) } }
        var core = cluster.cores[1]!
        let effects = core.reload(votes: 0, expectedVotes: 3, twoNode: false)
        #expect(Self.kinds(effects) == [
            "NODEINFO(1)", "NODEINFO(0)",
            "RECONFIGURE(\(ReconfigureParameter.nodeVotes.rawValue),1,0)",
            "RECONFIGURE(\(ReconfigureParameter.expectedVotes.rawValue),1,3)",
        ])
        // The NODEINFO already carries the new figures.
        guard case .multicast(.nodeInfo(let info)) = effects[0] else {
            Issue.record("no NODEINFO first")
            return
        }
        #expect(info.votes == 0 && info.expectedVotes == 3)
        #expect(core.runtimeKeys.expectedVotesBarrier == 3)
        cluster.cores[1] = core
        cluster.apply(effects, at: 1)
        #expect(cluster.state(2).members.map(\.votes) == [0, 1])
        #expect(cluster.state(2).expectedVotes == 3 && !cluster.quorate(2))
    }
}
