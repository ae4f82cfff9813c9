import NodeCore
import Testing
import Totem
import VoteQuorum

/// What tools see of a node (``NodeStatus``) is the last configuration whose service sync
/// completed, never a ring still being synchronized.
@Suite struct NodeCoreStatusTests {
    @Test func statusShowsTheLastCompletedConfigurationWhileASyncStalls() throws {
        var cluster = CoreCluster(nodes: [1, 2, 3])
        cluster.start()
        cluster.run(for: .seconds(3))
        let first = try #require(cluster.cores[1]?.status)
        #expect(first.members == [1, 2, 3])
        #expect(first.isQuorate)
        #expect(first.quorum?.members.count == 3)

        // Node 3 goes; nodes 1 and 2 form a new ring, but no MCAST gets through any more, so
        // its sync cannot complete.
        cluster.isolate(3)
        let regular = { (effects: [NodeEffect]) in
            effects.contains {
                if case .configurationChanged(let c) = $0 { c.kind == .regular && c.members == [1, 2] } else { false }
            }
        }
        cluster.effects[1] = []
        while !regular(cluster.effects[1] ?? []) && cluster.now < .zero + .seconds(20) {
            cluster.run(for: .milliseconds(1))
        }
        #expect(regular(cluster.effects[1] ?? []), "nodes 1 and 2 formed a ring without node 3")
        let previous = cluster.allow
        cluster.allow = { from, to, bytes in !CoreCluster.isMcast(bytes) && previous(from, to, bytes) }
        cluster.inFlight.removeAll { CoreCluster.isMcast($0.bytes) }
        cluster.run(for: .milliseconds(300))
        let stalled = try #require(cluster.cores[1])
        #expect(!stalled.engine.sync.isComplete)
        #expect(stalled.status == first, "the status still shows the completed three-node configuration")

        // MCASTs flow again: the sync completes and the status moves to the new ring at once.
        cluster.allow = previous
        cluster.run(for: .seconds(2))
        let settled = try #require(cluster.cores[1]?.status)
        #expect(settled.members == [1, 2])
        #expect(settled.ringID != first.ringID)
        #expect(settled.quorum?.quorate == true)
        #expect(settled.quorum?.totalVotes == 2)
    }

    @Test func statusFollowsVotesWhileNoSyncRuns() throws {
        var cluster = CoreCluster(nodes: [1, 2, 3])
        cluster.start()
        cluster.run(for: .seconds(3))
        cluster.call(1) { core, now in (try? core.setVotes(2, of: 2, now: now)) ?? [] }
        cluster.run(for: .milliseconds(500))
        let status = try #require(cluster.cores[1]?.status)
        #expect(status.quorum?.totalVotes == 4)
        #expect(
            cluster.effects[1]?.contains { if case .status(let s) = $0 { s.quorum?.totalVotes == 4 } else { false } }
                == true)
    }

    @Test func beforeTheFirstSyncTheNodeShowsItselfAlone() {
        let cluster = CoreCluster(nodes: [1, 2])
        let status = cluster.cores[1]?.status
        #expect(status?.isSynced == false)
        #expect(status?.members == [1])
        #expect(status?.isQuorate == false)
    }
}
