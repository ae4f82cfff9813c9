import Testing
import Totem
import TotemSimulator
import VoteQuorum

/// Each quorum checker accepts a correct trace and catches a crafted violation.
@Suite struct QuorumCheckerTests {
    let ringA = RingID(rep: 1, seq: 4)
    let ringB = RingID(rep: 1, seq: 8)
    let ringC = RingID(rep: 3, seq: 8)
    let all: [NodeID] = [1, 2, 3, 4]

    /// 1–4 quorate together, then 1, 2 | 3, 4: only one side (1, 2) stays quorate.
    func evenSplit(winner: [NodeID], loser: [NodeID], loserQuorate: Bool) -> QuorumTrace {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report(all, quorate: true, ringA, all)
        trace.install(ringB, winner)
        trace.install(ringC, loser)
        trace.report(winner, quorate: true, ringB, winner)
        trace.report(loser, quorate: loserQuorate, ringC, loser)
        return trace
    }

    @Test func splitBrainAcceptsOneQuorateSide() {
        #expect(evenSplit(winner: [1, 2], loser: [3, 4], loserQuorate: false).check(SplitBrainChecker()) == [])
    }

    @Test func splitBrainAcceptsAStaleClaimOverTheOldMembership() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report(all, quorate: true, ringA, all)
        trace.install(ringB, [1, 2, 3])
        trace.report([1, 2, 3], quorate: true, ringB, [1, 2, 3])  // node 4 has not reported since
        #expect(trace.check(SplitBrainChecker()) == [])
    }

    @Test func splitBrainCatchesTwoDisjointQuorateSides() {
        let violations = evenSplit(winner: [1, 2], loser: [3, 4], loserQuorate: true).check(SplitBrainChecker())
        #expect(violations.first?.invariant == .splitBrain)
        #expect(violations.first?.node == 3)
        #expect(violations.first?.detail.contains("disjoint members [1, 2]") == true)
    }

    @Test func splitBrainForgetsStoppedNodes() {
        var trace = QuorumTrace()
        trace.start([1, 2])
        trace.report([1], quorate: true, ringA, [1])
        trace.add(.stopped(1))
        trace.report([2], quorate: true, ringB, [2])
        #expect(trace.check(SplitBrainChecker()) == [])
    }

    @Test func waitForAllAcceptsQuorumAfterAFullConfiguration() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, [1, 2, 3])
        trace.report([1, 2, 3], quorate: false, ringA, [1, 2, 3])
        trace.install(ringB, all)
        trace.report(all, quorate: true, ringB, all)
        trace.install(ringC, [1, 2, 3])
        trace.report([1, 2, 3], quorate: true, ringC, [1, 2, 3])
        #expect(trace.check(WaitForAllChecker(nodes: all)) == [])
    }

    @Test func waitForAllLetsARestartedNodeJoinAQuoratePartition() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report(all, quorate: true, ringA, all)
        trace.add(.stopped(4))
        trace.add(.started(4, persistedRingSeq: 4))
        trace.install(ringB, all)
        trace.report([4], quorate: true, ringB, all)
        #expect(trace.check(WaitForAllChecker(nodes: all)) == [])
    }

    @Test func waitForAllCatchesQuorumOnAColdStartWithANodeMissing() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, [1, 2, 3])
        trace.report([1, 2, 3], quorate: true, ringA, [1, 2, 3])
        let violations = trace.check(WaitForAllChecker(nodes: all))
        #expect(violations.map(\.invariant) == [.waitForAll, .waitForAll, .waitForAll])
        #expect(violations.first?.node == 1)
    }

    /// Found by `totem-sim --quorum` with one node (seeds 32, 104, ...): a lone node with
    /// wait_for_all holds every vote at start and is quorate before any ring, as corosync's.
    /// The exemption is for a one-node nodelist only.
    @Test func waitForAllTreatsALoneNodeAsHavingSeenEveryNode() {
        var alone = QuorumTrace()
        alone.start([1])
        alone.report([1], quorate: true, RingID.zero, [])
        #expect(alone.check(WaitForAllChecker(nodes: [1])) == [])
        var pair = QuorumTrace()
        pair.start([1, 2])
        pair.report([1], quorate: true, RingID.zero, [])
        #expect(pair.check(WaitForAllChecker(nodes: [1, 2])).map(\.invariant) == [.waitForAll])
    }

    /// Found by `totem-sim --quorum` (seed 1299): with auto_tie_breaker, a configuration of at
    /// most `quorum` members arms the window too, though nobody left (corosync's sync_init).
    @Test func lastManStandingWithTieBreakerIsArmedBySmallConfigurations() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.report([4], quorate: false, RingID.zero, [], expected: 4)
        trace.install(ringA, [2, 3, 4])
        trace.report([4], quorate: true, ringA, [2, 3, 4], expected: 4)
        trace.advance(.seconds(10))
        trace.report([4], quorate: true, ringA, [2, 3, 4], expected: 3)
        #expect(trace.check(LastManStandingChecker(window: .seconds(10), tieBreaker: true)) == [])
        #expect(trace.check(LastManStandingChecker(window: .seconds(10))).map(\.invariant) == [.lastManStanding])
    }

    /// Found by `totem-sim --quorum` (seed 781): a node holding a majority of the votes reports
    /// quorate before any ring, with no members; that claim is over the node alone.
    @Test func splitBrainReadsAClaimWithoutMembersAsTheNodeAlone() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report([1], quorate: true, ringA, all)
        trace.report([2], quorate: true, RingID.zero, [])
        #expect(trace.check(SplitBrainChecker()) == [])
        trace.install(ringB, [3, 4])
        trace.report([3], quorate: true, ringB, [3, 4])
        #expect(trace.check(SplitBrainChecker()).map(\.invariant).contains(.splitBrain))
    }

    @Test func lastManStandingAcceptsAShrinkAfterTheWindow() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report([1], quorate: true, ringA, all, expected: 4)
        trace.install(ringB, [1, 2, 3])
        trace.report([1], quorate: true, ringB, [1, 2, 3], expected: 4)
        trace.advance(.seconds(10))
        trace.report([1], quorate: true, ringB, [1, 2, 3], expected: 3)
        #expect(trace.check(LastManStandingChecker(window: .seconds(10))) == [])
    }

    @Test func lastManStandingCatchesAShrinkInsideTheWindow() {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report([1], quorate: true, ringA, all, expected: 4)
        trace.install(ringB, [1, 2, 3])
        trace.advance(.seconds(9))
        trace.report([1], quorate: true, ringB, [1, 2, 3], expected: 3)
        let violations = trace.check(LastManStandingChecker(window: .seconds(10)))
        #expect(violations.map(\.invariant) == [.lastManStanding])
        #expect(violations.first?.detail.contains("shrank from 4 to 3 only 9000ms after") == true)
    }

    /// Node 4 leaves, the others' window lowers their expected votes to 3, and node 4 restarts
    /// with its configured 4 and rejoins; `membersQuorate` and `taken` say what the members
    /// report and what node 4 then takes.
    func rejoin(membersQuorate: Bool, taken: UInt32) -> [Violation] {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report(all, quorate: true, ringA, all, expected: 4)
        trace.install(ringB, [1, 2, 3])
        trace.advance(.seconds(10))
        trace.report([1, 2, 3], quorate: membersQuorate, ringB, [1, 2, 3], expected: 3)
        trace.add(.stopped(4))
        trace.start([4])
        trace.report([4], quorate: false, RingID(rep: 4, seq: 9), [4], expected: 4)
        let ringD = RingID(rep: 1, seq: 12)
        trace.install(ringD, all)
        trace.report([4], quorate: true, ringD, all, expected: taken)
        return trace.check(LastManStandingChecker(window: .seconds(10)))
    }

    /// Found by `totem-sim --quorum` (seed 2173): corosync's NODEINFO handler gives a node that
    /// is not quorate the expected votes of a quorate sender, window or not.
    @Test func lastManStandingLetsARejoiningNodeTakeAQuorateMembersExpectedVotes() {
        #expect(rejoin(membersQuorate: true, taken: 3) == [])
        #expect(rejoin(membersQuorate: false, taken: 3).map(\.invariant) == [.lastManStanding])
        #expect(rejoin(membersQuorate: true, taken: 2).map(\.invariant) == [.lastManStanding])
    }

    /// Node 1 is quorate with expected votes 4 and node 2 holds 3 when ring D forms; within its
    /// sync node 2 ends inquorate (reported first) and node 1 takes 3 from node 2's NODEINFO.
    /// `oneEndsQuorate`: node 1's own report after taking it.
    func adoptionInOneSync(oneEndsQuorate: Bool, peerQuorateAtChange: Bool) -> [Violation] {
        var trace = QuorumTrace()
        trace.start(all)
        trace.install(ringA, all)
        trace.report([1], quorate: true, ringA, all, expected: 4)
        trace.report([2], quorate: peerQuorateAtChange, ringA, all, expected: 3)
        let ringD = RingID(rep: 1, seq: 12)
        trace.install(ringD, [1, 2])
        trace.report([2], quorate: false, ringD, [1, 2], expected: 3)
        trace.report([1], quorate: oneEndsQuorate, ringD, [1, 2], expected: 3)
        return trace.check(LastManStandingChecker(window: .seconds(10)))
    }

    /// Found by the client swarm (seeds 683, 2409): a quorate peer's NODEINFO carries its state
    /// as of the configuration change, and a node that lost quorum within the sync takes its
    /// expected votes, as corosync's handler does; a node that stays quorate does not.
    @Test func lastManStandingLetsANodeInquorateWithinTheSyncTakeThePeersValue() {
        #expect(adoptionInOneSync(oneEndsQuorate: false, peerQuorateAtChange: true) == [])
        #expect(
            adoptionInOneSync(oneEndsQuorate: true, peerQuorateAtChange: true).map(\.invariant) == [.lastManStanding])
        #expect(
            adoptionInOneSync(oneEndsQuorate: false, peerQuorateAtChange: false).map(\.invariant) == [.lastManStanding])
    }

    @Test func lastManStandingCatchesAShrinkWhenItIsOff() {
        var trace = QuorumTrace()
        trace.start([1])
        trace.report([1], quorate: true, ringA, all, expected: 4)
        trace.report([1], quorate: true, ringA, all, expected: 3)
        #expect(trace.check(LastManStandingChecker(window: nil)).map(\.invariant) == [.lastManStanding])
    }

    @Test func tieBreakerAcceptsTheChosenSide() {
        let lowest = TieBreakerChecker(tieBreaker: .lowest, nodes: all, votes: [:])
        #expect(evenSplit(winner: [1, 2], loser: [3, 4], loserQuorate: false).check(lowest!) == [])
        let listed = TieBreakerChecker(tieBreaker: .list([3, 1]), nodes: all, votes: [:])
        #expect(evenSplit(winner: [3, 4], loser: [1, 2], loserQuorate: false).check(listed!) == [])
    }

    @Test func tieBreakerCatchesTheOtherSide() {
        let highest = TieBreakerChecker(tieBreaker: .highest, nodes: all, votes: [:])
        let violations = evenSplit(winner: [1, 2], loser: [3, 4], loserQuorate: false).check(highest!)
        #expect(violations.map(\.invariant) == [.autoTieBreaker, .autoTieBreaker])
        #expect(violations.first?.detail.contains("without the tie-breaker node 4") == true)
    }

    @Test func tieBreakerIgnoresUnevenSplitsAndIsOffWithoutATieBreaker() {
        let lowest = TieBreakerChecker(tieBreaker: .lowest, nodes: all, votes: [1: 1, 2: 1, 3: 1, 4: 3])
        #expect(evenSplit(winner: [3, 4], loser: [1, 2], loserQuorate: false).check(lowest!) == [])
        #expect(TieBreakerChecker(tieBreaker: .none, nodes: all, votes: [:]) == nil)
    }
}
