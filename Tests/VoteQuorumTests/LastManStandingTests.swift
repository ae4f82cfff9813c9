import Testing
import Totem
import VoteQuorum

@Suite struct LastManStandingTests {
    let window = Duration.milliseconds(10_000)
    var options: VoteQuorumOptions {
        VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4, 5]), waitForAll: true, lastManStanding: true, autoTieBreaker: true)
    }

    @Test func shrinksFiveToOneOnlyAfterEachWindow() throws {
        var cluster = try TestCluster(options, nodes: ids(5))
        cluster.form([ids(5)])
        #expect(cluster.state(1).quorum == 3 && cluster.state(1).expectedVotes == 5)
        #expect(cluster.state(1).flags.contains(.lastManStanding))
        for (survivors, quorum) in [(4, 3), (3, 2), (2, 2), (1, 1)] {
            cluster.form([ids(survivors)])
            #expect(cluster.quorate(1), "quorate with \(survivors) survivors before the window")
            #expect(cluster.state(1).expectedVotes == UInt32(survivors + 1), "expected votes must wait for the window")
            #expect(cluster.cores[1]!.nextDeadline == cluster.now + window)
            cluster.advance(window - .milliseconds(1))
            #expect(cluster.state(1).expectedVotes == UInt32(survivors + 1))
            cluster.advance(.milliseconds(1))
            #expect(cluster.cores[1]!.nextDeadline == nil)
            for id in ids(survivors) {
                #expect(cluster.state(id).expectedVotes == UInt32(survivors), "node \(id) with \(survivors) survivors")
                #expect(cluster.state(id).quorum == UInt32(quorum))
                #expect(cluster.quorate(id))
            }
        }
    }

    @Test func withoutWaitingTheWindowALargerLossIsFatal() throws {
        let noTieBreaker = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4, 5]), waitForAll: true, lastManStanding: true)
        var cluster = try TestCluster(noTieBreaker, nodes: ids(5))
        cluster.form([ids(5)])
        cluster.form([ids(4)])
        cluster.advance(.milliseconds(5_000))
        cluster.form([[1, 2]])
        #expect(!cluster.quorate(1))
        #expect(cluster.state(1).expectedVotes == 5)
        // The pending window still expires, but only a quorate partition shrinks.
        cluster.advance(window)
        #expect(cluster.cores[1]!.nextDeadline == nil)
        #expect(!cluster.quorate(1))
        #expect(cluster.state(1).expectedVotes == 5)
    }

    @Test func twoToOneNeedsTheTieBreaker() throws {
        let plain = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4]), lastManStanding: true)
        var cluster = try TestCluster(plain, nodes: ids(4))
        cluster.form([ids(4)])
        cluster.form([[1, 2, 3]])
        cluster.advance(window)
        cluster.form([[1, 2]])
        cluster.advance(window)
        #expect(cluster.state(1).expectedVotes == 2 && cluster.quorate(1))
        cluster.form([[1]])
        cluster.advance(window)
        #expect(!cluster.quorate(1))
        #expect(cluster.state(1).quorum == 2)
    }

    @Test func aNodeWithMoreThanOneVoteDisablesLastManStanding() throws {
        let weighted = VoteQuorumOptions(nodelist: nodelist([1, 2, 3], votes: [3: 2]), lastManStanding: true)
        var cluster = try TestCluster(weighted, nodes: ids(3))
        cluster.form([ids(3)])
        #expect(!cluster.state(1).flags.contains(.lastManStanding))
        #expect(cluster.notices[1]?.contains(.lastManStandingDisabled(node: 3, votes: 2)) == true)
        cluster.form([[1, 3]])
        #expect(cluster.cores[1]!.nextDeadline == nil)
    }
}
