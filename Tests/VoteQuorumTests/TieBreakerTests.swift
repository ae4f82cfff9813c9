import Testing
import Totem
import VoteQuorum

@Suite struct TieBreakerTests {
    func splitTwoPlusTwo(_ options: VoteQuorumOptions, _ halves: [[NodeID]]) throws -> TestCluster {
        var cluster = try TestCluster(options, nodes: ids(4))
        cluster.form([ids(4)])
        #expect(ids(4).allSatisfy { cluster.quorate($0) })
        cluster.form(halves)
        return cluster
    }

    @Test func evenSplitWithoutTieBreakerLeavesNobodyQuorate() throws {
        let cluster = try splitTwoPlusTwo(VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4])), [[1, 2], [3, 4]])
        #expect(ids(4).allSatisfy { !cluster.quorate($0) })
        #expect(cluster.state(1).quorum == 3 && cluster.state(1).totalVotes == 2)
    }

    @Test func lowestKeepsThePartitionWithTheLowestNode() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4]), autoTieBreaker: true)
        let cluster = try splitTwoPlusTwo(options, [[1, 2], [3, 4]])
        #expect(cluster.quorate(1) && cluster.quorate(2))
        #expect(!cluster.quorate(3) && !cluster.quorate(4))
        #expect(cluster.state(1).flags.contains(.autoTieBreaker))
        let crossed = try splitTwoPlusTwo(options, [[2, 4], [1, 3]])
        #expect(crossed.quorate(1) && crossed.quorate(3) && !crossed.quorate(2) && !crossed.quorate(4))
    }

    @Test func highestKeepsThePartitionWithTheHighestNode() throws {
        let options = VoteQuorumOptions(
            nodelist: nodelist([1, 2, 3, 4]), autoTieBreaker: true, autoTieBreakerNode: "highest")
        let cluster = try splitTwoPlusTwo(options, [[1, 2], [3, 4]])
        #expect(!cluster.quorate(1) && !cluster.quorate(2))
        #expect(cluster.quorate(3) && cluster.quorate(4))
    }

    @Test func listKeepsThePartitionWithTheFirstListedNode() throws {
        let options = VoteQuorumOptions(
            nodelist: nodelist([1, 2, 3, 4]), autoTieBreaker: true, autoTieBreakerNode: "3 1")
        let cluster = try splitTwoPlusTwo(options, [[1, 2], [3, 4]])
        #expect(cluster.quorate(3) && cluster.quorate(4))
        #expect(!cluster.quorate(1) && !cluster.quorate(2))
        let other = try splitTwoPlusTwo(options, [[1, 3], [2, 4]])
        #expect(other.quorate(1) && other.quorate(3) && !other.quorate(2) && !other.quorate(4))
    }

    @Test func listSkipsNodesThatWereNotInThePreviousMembership() throws {
        // Node 5 is listed first but absent from the cluster, so node 2 decides.
        let options = VoteQuorumOptions(
            nodelist: nodelist([1, 2, 3, 4]), autoTieBreaker: true, autoTieBreakerNode: "5 2")
        let cluster = try splitTwoPlusTwo(options, [[1, 2], [3, 4]])
        #expect(cluster.quorate(1) && cluster.quorate(2) && !cluster.quorate(3) && !cluster.quorate(4))
    }

    @Test func tieBreakerNeedsAnExactHalf() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4, 5, 6]), autoTieBreaker: true)
        var cluster = try TestCluster(options, nodes: ids(6))
        cluster.form([ids(6)])
        cluster.form([[1, 2], [3, 4, 5, 6]])
        #expect(!cluster.quorate(1))
        #expect(cluster.quorate(3))
    }

    @Test func losingQuorumOrMoreMembersAtOnceDisablesTheTieBreaker() throws {
        // Nodes 5 and 6 have no vote: expected 4, quorum 3. {1, 2} holds half the votes and the
        // lowest node but lost 4 >= quorum members at once, so ATB may not make it quorate.
        let zeroVotes = VoteQuorumOptions(
            nodelist: nodelist([1, 2, 3, 4, 5, 6], votes: [5: 0, 6: 0]), autoTieBreaker: true)
        var cluster = try TestCluster(zeroVotes, nodes: ids(6))
        cluster.form([ids(6)])
        #expect(cluster.state(1).quorum == 3 && cluster.state(1).expectedVotes == 4)
        cluster.form([[1, 2], [3, 4, 5, 6]])
        #expect(cluster.state(1).totalVotes == 2)
        #expect(!cluster.quorate(1) && !cluster.quorate(3))
        // Control: the same split of the voters with fewer members lost keeps {1, 2}.
        var control = try TestCluster(zeroVotes, nodes: ids(6))
        control.form([ids(6)])
        control.form([[1, 2, 5, 6], [3, 4]])
        #expect(control.quorate(1) && !control.quorate(3))
    }

    @Test func lowestComparesNodeIdsAsCorosyncsSignedInt() throws {
        // corosync keeps node ids in an `int`: 0x80000001 (e.g. derived from a 128.x address)
        // sorts below 1, so its partition wins under "lowest".
        let big = NodeID(0x8000_0001)
        let all: [NodeID] = [1, 2, 3, big]
        let options = VoteQuorumOptions(nodelist: all.map { NodelistEntry(nodeID: $0) }, autoTieBreaker: true)
        var cluster = try TestCluster(options, nodes: all)
        cluster.form([all])
        #expect(cluster.cores[1]!.runtimeKeys.lowestNodeID == big)
        #expect(cluster.cores[1]!.runtimeKeys.highestNodeID == 3)
        cluster.form([[1, 2], [3, big]])
        #expect(cluster.quorate(3) && cluster.quorate(big))
        #expect(!cluster.quorate(1) && !cluster.quorate(2))
    }

    /// A deviation from corosync (simulator seed 1260): its tie-breaker guard counts only the
    /// previous ring's members, so a ring in between (here node 3 alone, a sync that stalled)
    /// hid the nodes
    /// that had left since it was last quorate, and node 3 took `1 == 3 / 2` as a tie while
    /// nodes 1 and 4 held the quorum that last_man_standing had lowered to 2.
    @Test func ringsBetweenTheSplitAndNowDoNotHideTheOtherSide() throws {
        let options = VoteQuorumOptions(
            nodelist: nodelist([1, 2, 3, 4]), waitForAll: true, lastManStanding: true,
            lastManStandingWindow: .seconds(1), autoTieBreaker: true, autoTieBreakerNode: "2 3")
        var cluster = try TestCluster(options, nodes: ids(4))
        cluster.form([ids(4)])
        cluster.form([[1, 3, 4], [2]])
        cluster.advance(.seconds(2))
        #expect(cluster.state(3).expectedVotes == 3 && cluster.state(3).quorum == 2)
        cluster.form([[1, 4]])
        // Node 3 alone: a first ring whose sync never completes (a stalled sync), then another.
        cluster.ringSeq += 4
        let stalled = cluster.cores[3]!.syncInit(
            members: [3], ringID: RingID(rep: 3, seq: cluster.ringSeq), now: cluster.now)
        cluster.apply(stalled, at: 3)
        cluster.form([[3]])
        let sides = (one: cluster.quorate(1), four: cluster.quorate(4), three: cluster.quorate(3))
        #expect(sides.one && sides.four, "nodes 1 and 4 hold the lowered quorum")
        #expect(!sides.three, "node 3 alone must not break a tie the other side may win")
    }
}
