import Testing
import Totem
import TotemSimulator

/// The status-view split-brain checker.
@Suite struct StatusSplitBrainCheckerTests {
    func view(_ members: [NodeID], quorate: Bool) -> StatusView {
        let ring = RingID(rep: members.first ?? 1, seq: 8)
        return StatusView(ringID: ring, members: members, quorate: quorate, expectedVotes: 5, quorum: 3)
    }

    @Test func acceptsOverlappingAndNonQuorateViews() {
        var trace = CPGTrace()
        trace.start([1, 2, 3, 4, 5])
        for node: NodeID in [1, 2, 3, 4, 5] { trace.add(.status(node, view([1, 2, 3, 4, 5], quorate: true))) }
        for node: NodeID in [3, 4, 5] { trace.add(.status(node, view([3, 4, 5], quorate: true))) }
        // Nodes 1 and 2 still show the old full view (a stalled sync), then their minority one.
        for node: NodeID in [1, 2] { trace.add(.status(node, view([1, 2], quorate: false))) }
        #expect(trace.check(StatusSplitBrainChecker()) == [])
    }

    @Test func catchesTwoDisjointQuorateViews() {
        var trace = CPGTrace()
        trace.start([1, 2, 3, 4])
        trace.add(.status(1, view([1, 2], quorate: true)))
        trace.add(.status(3, view([3, 4], quorate: true)))
        let violations = trace.check(StatusSplitBrainChecker())
        #expect(violations.first?.invariant == .statusSplitBrain)
        #expect(violations.first?.node == 3)
    }

    @Test func forgetsStoppedNodes() {
        var trace = CPGTrace()
        trace.start([1, 2])
        trace.add(.status(1, view([1], quorate: true)))
        trace.add(.stopped(1))
        trace.add(.status(2, view([2], quorate: true)))
        #expect(trace.check(StatusSplitBrainChecker()) == [])
    }
}

/// last_man_standing's checker and an operator's raised expected votes.
@Suite struct RaisedExpectedVotesTests {
    /// A node that took quorate members' configured expected votes back after an operator raised
    /// them (the raise is runtime-only) is not a last_man_standing shrink (seeds 106, 130).
    @Test func fallingBackToTheNodelistTotalIsNotJudged() {
        var trace = QuorumTrace()
        trace.start([1, 2, 3, 4])
        trace.install(RingID(rep: 1, seq: 4), [1, 2, 3, 4])
        trace.report([1], quorate: false, RingID(rep: 1, seq: 4), [1, 2, 3, 4], expected: 6)
        trace.report([1], quorate: false, RingID(rep: 1, seq: 4), [1, 2, 3, 4], expected: 4)
        #expect(trace.check(LastManStandingChecker(window: nil, configuredTotal: 4)) == [])
        #expect(trace.check(LastManStandingChecker(window: nil)).first?.invariant == .lastManStanding)
        trace.report([1], quorate: false, RingID(rep: 1, seq: 4), [1, 2, 3, 4], expected: 3)
        let below = trace.check(LastManStandingChecker(window: nil, configuredTotal: 4))
        #expect(below.first?.invariant == .lastManStanding)
    }
}
