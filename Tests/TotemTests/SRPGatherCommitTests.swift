import Testing
@testable import Totem

@Suite struct SRPGatherCommitTests {
    let nodes: [NodeID] = [1, 2, 3]
    let parameters = TotemParameters(nodeCount: 3)

    /// A started core and the effects of starting, including the JOIN its join timer sends at
    /// once (armed for the start instant).
    func started(_ id: NodeID, persisted: UInt64 = 0) -> (SRPCore, [SRPEffect]) {
        var core = SRPCore(myID: id, nodes: nodes, parameters: parameters, persistedRingSeq: persisted)
        let effects = core.start(now: .zero) + core.handleTimeout(now: .zero)
        return (core, effects)
    }

    @Test func startEntersGatherAndMulticastsItsJoin() {
        let (core, effects) = started(2, persisted: 8)
        #expect(core.state == .gather)
        #expect(core.ringID == RingID(rep: 2, seq: 9))
        let join = sentJoins(effects)
        #expect(join.count == 1)
        #expect(join.first?.procList == [2])
        #expect(join.first?.failedList == [])
        #expect(join.first?.ringSeq == 9)
        #expect(sentMessages(effects).first?.to == .allNodes)
        #expect(core.nextDeadline == .zero + .milliseconds(50))
    }

    @Test func joinTimerResendsTheJoinEveryJoinInterval() {
        var (core, effects) = started(1)
        var joins = sentJoins(effects).count
        var now = Instant.zero
        for _ in 0..<5 {
            now = core.nextDeadline!
            joins += sentJoins(core.handleTimeout(now: now)).count
        }
        #expect(joins == 6)
        #expect(now == .zero + .milliseconds(250))
    }

    @Test func joinWithNewNodesMergesProcListAndRegathers() {
        var (core, _) = started(1)
        let join = Join(sender: 3, ringSeq: 1, procList: [3], failedList: [])
        let effects = core.receiveAndSettle(join.encode(), now: .zero + .milliseconds(1))
        #expect(Set(sentJoins(effects).first?.procList ?? []) == [1, 3])
    }

    @Test func lowestNodeWithConsensusBuildsTheCommitToken() {
        var (core, _) = started(1, persisted: 4)
        _ = core.receive(Join(sender: 2, ringSeq: 13, procList: [2], failedList: []).encode(), now: .zero)
        // Both lists now equal {1,2}: node 2's matching join gives consensus.
        let effects = core.receive(Join(sender: 2, ringSeq: 13, procList: [2, 1], failedList: []).encode(), now: .zero)
        let commit = sentCommitTokens(effects)
        #expect(commit.count == 1)
        #expect(commit.first?.to == .node(2))
        #expect(commit.first?.token.ringID == RingID(rep: 1, seq: 17))  // max seen (13) + 4
        #expect(commit.first?.token.addr == [1, 2])
        #expect(commit.first?.token.membIndex == 1)
        #expect(commit.first?.token.tokenSeq == 1)
        #expect(effects.contains(.persistRingSeq(17)))
        #expect(core.state == .commit)
    }

    @Test func accusingJoinFromANonMemberIsAnsweredByExcludingItWhileGathering() {
        var (core, _) = started(1)
        // corosync's mutual exclusion: a node that names us failed is put in our failed list.
        let accusation = Join(sender: 3, ringSeq: 1, procList: [3, 1], failedList: [1])
        let effects = core.receiveUntilJoin(accusation.encode(), now: .zero + .milliseconds(1)).effects
        #expect(core.failedList == [3])
        #expect(Set(core.procList) == [1, 3])
        #expect(sentJoins(effects).last?.failedList == [3])
    }

    @Test func listChangesOfOneInstantGiveOneJoinWithTheFinalLists() throws {
        var (core, _) = started(1)
        let now = Instant.zero + .milliseconds(1)
        // Node 3's two joins arrive back to back: the second names us failed.
        var effects = core.receive(Join(sender: 3, ringSeq: 1, procList: [3, 1], failedList: []).encode(), now: now)
        effects += core.receive(Join(sender: 3, ringSeq: 1, procList: [3, 1], failedList: [1]).encode(), now: now)
        #expect(sentJoins(effects).isEmpty)
        // The accusation is answered after a short per-node delay (`accusationAnswerBound`).
        let sendAt = try #require(core.nextDeadline)
        #expect(sendAt >= now && sendAt < now + core.accusationAnswerBound)
        effects = core.handleTimeout(now: sendAt)
        #expect(sentJoins(effects).count == 1)
        #expect(sentJoins(effects).first?.failedList == [3])
        #expect(core.nextDeadline == sendAt + .milliseconds(50))
    }

    @Test func overdueTimersOfOneInstantSendOneJoinWithTheFinalLists() {
        var (core, _) = started(1)
        _ = core.receiveAndSettle(Join(sender: 2, ringSeq: 1, procList: [2], failedList: []).encode(), now: .zero)
        // A pause: the join and consensus timers are both long overdue when the process runs
        // again. Consensus gives up on node 2; only the JOIN naming it failed goes out.
        let effects = core.handleTimeout(now: .zero + .seconds(5))
        #expect(sentJoins(effects).count == 1)
        #expect(sentJoins(effects).first?.failedList == [2])
    }

    @Test func accusingJoinFromAMemberOfOurRingIsHonouredWhileGathering() {
        let harness = formedPair()
        var core = harness.cores[1]!
        var now = harness.now
        // Cut off from node 2: the token is lost and node 1 gathers with its old members.
        while core.state == .operational, let deadline = core.nextDeadline {
            now = deadline
            _ = core.handleTimeout(now: now)
        }
        #expect(core.state == .gather)
        #expect(core.members == [1, 2])
        // Node 2, a member of our ring, names us failed: mutual exclusion, as corosync does.
        let accusation = Join(sender: 2, ringSeq: core.ringID.seq, procList: [1, 2], failedList: [1])
        let effects = core.receiveUntilJoin(accusation.encode(), now: now + .milliseconds(1)).effects
        #expect(core.state == .gather)
        #expect(core.failedList == [2])
        #expect(sentJoins(effects).last?.failedList == [2])
    }

    @Test func nonLowestNodeWaitsForTheCommitTokenAndAcceptsIt() {
        var (core, _) = started(2)
        _ = core.receive(Join(sender: 1, ringSeq: 5, procList: [1, 2], failedList: []).encode(), now: .zero)
        let effects = core.receive(Join(sender: 1, ringSeq: 5, procList: [1, 2], failedList: []).encode(), now: .zero)
        #expect(sentCommitTokens(effects).isEmpty)
        var token = CommitToken(sender: 1, tokenSeq: 1, ringID: RingID(rep: 1, seq: 9), addr: [1, 2])
        token.membIndex = 1
        token.members[0] = CommitMemberEntry(ringID: RingID(rep: 1, seq: 5), aru: 0, highDelivered: 0, receivedFlag: 1)
        let commit = core.receive(token.encode(), now: .zero)
        let forwarded = sentCommitTokens(commit)
        #expect(core.state == .commit)
        #expect(forwarded.first?.to == .node(1))
        #expect(forwarded.first?.token.membIndex == 2)
        #expect(forwarded.first?.token.tokenSeq == 2)
        #expect(forwarded.first?.token.members[1].ringID == RingID(rep: 2, seq: 1))
        #expect(commit.contains(.persistRingSeq(9)))
    }

    @Test func commitTokenForAnotherMembershipOrAnOldSeqIsRefused() {
        var (core, _) = started(2, persisted: 20)
        _ = core.receive(Join(sender: 1, ringSeq: 5, procList: [1, 2], failedList: []).encode(), now: .zero)
        var wrongMembers = CommitToken(sender: 1, tokenSeq: 1, ringID: RingID(rep: 1, seq: 40), addr: [1, 2, 3])
        wrongMembers.membIndex = 1
        #expect(!drops(core.receive(wrongMembers.encode(), now: .zero)).isEmpty)
        var oldSeq = CommitToken(sender: 1, tokenSeq: 1, ringID: RingID(rep: 1, seq: 9), addr: [1, 2])
        oldSeq.membIndex = 1
        #expect(!drops(core.receive(oldSeq.encode(), now: .zero)).isEmpty)
        #expect(core.state == .gather)
    }

    @Test func consensusTimeoutMovesSilentNodesToTheFailedList() {
        var (core, _) = started(1)
        _ = core.receive(Join(sender: 3, ringSeq: 1, procList: [1, 3], failedList: []).encode(), now: .zero)
        // Node 3 falls silent: after `consensus` ms it is declared failed and a ring of one forms.
        var now = Instant.zero
        var joins: [Join] = []
        while now < .zero + parameters.consensus + .milliseconds(60) {
            now = core.nextDeadline!
            joins += sentJoins(core.handleTimeout(now: now))
        }
        #expect(joins.last?.failedList == [3])
    }

    @Test func leaveIsAJoinWithHeaderNodeZeroListingTheLeaverAsFailed() {
        var harness = formedPair()
        var core = harness.cores[2]!
        let effects = core.leave(now: harness.now)
        let join = sentJoins(effects).first
        #expect(join?.isLeave == true)
        #expect(join?.systemFrom == 2)
        #expect(join?.procList == [1])
        #expect(join?.failedList == [2])
        #expect(core.nextDeadline == nil)
        #expect(core.receive(join!.encode(), now: harness.now).isEmpty)
        harness.cores[2] = core
    }

    @Test func malformedDatagramsAreCountedAndDropped() {
        var (core, _) = started(1)
        let effects = core.receive([0x70, 0xC0, 3, 9, 0], now: .zero)
        #expect(drops(effects).count == 1)
        #expect(core.stats.rxMsgDropped == 1)
        #expect(core.state == .gather)
    }
}
