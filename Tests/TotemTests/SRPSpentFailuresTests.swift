import Testing
@testable import Totem

/// The failed list of a ring attempt is spent once a member proves it installed that ring
/// (``SRPCore/forgetFailuresOfRingInstalledByPeer(_:)``, simulator seeds 2276 and 10990).
@Suite struct SRPSpentFailuresTests {
    let nodes: [NodeID] = [1, 2, 3]

    /// Node 1, representative of ring {1, 2} that excludes node 3, in RECOVERY (or, with
    /// `loseToken`, back in GATHER after losing the token there).
    func representativeExcludingNode3(loseToken: Bool = false) -> (core: SRPCore, now: Instant) {
        var core = SRPCore(myID: 1, nodes: nodes, parameters: TotemParameters(nodeCount: 3), persistedRingSeq: 0)
        var now = Instant.zero
        _ = core.start(now: now) + core.handleTimeout(now: now)
        // Node 3 names us failed, so we exclude it; node 2 then agrees on {1, 2, 3} minus {3}.
        _ = core.receiveAndSettle(Join(sender: 3, ringSeq: 1, procList: [3, 1], failedList: [1]).encode(), now: now)
        _ = core.receiveAndSettle(Join(sender: 2, ringSeq: 1, procList: [1, 2, 3], failedList: [3]).encode(), now: now)
        let commit = sentCommitTokens(core.receive(
            Join(sender: 2, ringSeq: 1, procList: [1, 2, 3], failedList: [3]).encode(), now: now))
        #expect(core.state == .commit)
        #expect(core.failedList == [3])
        // The commit token comes back from node 2 after its first rotation: RECOVERY.
        var back = commit.first!.token
        back.membIndex = 2
        back.header.nodeID = 2
        back.tokenSeq = 2
        _ = core.receive(back.encode(), now: now)
        #expect(core.state == .recovery)
        if loseToken {
            while core.state == .recovery, let deadline = core.nextDeadline {
                now = deadline
                _ = core.handleTimeout(now: now)
            }
            #expect(core.state == .gather)
        }
        return (core, now)
    }

    @Test func aMemberThatInstalledTheRingTakesTheRepresentativesFailuresAwayInRecovery() {
        var (core, now) = representativeExcludingNode3()
        // Node 2 installed the ring (its failed list is empty again) and re-gathered at once.
        now = now + .milliseconds(1)
        let installed = Join(sender: 2, ringSeq: core.ringID.seq, procList: [1, 2], failedList: [])
        let effects = core.receiveUntilJoin(installed.encode(), now: now).effects
        #expect(core.state == .gather)
        #expect(core.failedList == [])
        #expect(sentJoins(effects).last?.failedList == [])
        #expect(Set(sentJoins(effects).last?.procList ?? []) == [1, 2, 3])
    }

    @Test func theSameProofCountsAfterTheAttemptFailedIntoGather() {
        var (core, now) = representativeExcludingNode3(loseToken: true)
        #expect(core.failedList == [3])
        now = now + .milliseconds(1)
        let installed = Join(sender: 2, ringSeq: core.ringID.seq, procList: [1, 2], failedList: [])
        let effects = core.receiveAndSettle(installed.encode(), now: now)
        #expect(core.failedList == [])
        #expect(sentJoins(effects).last?.failedList == [])
    }

    @Test func aMemberStillListingTheFailuresLeavesThemInPlace() {
        var (core, now) = representativeExcludingNode3()
        now = now + .milliseconds(1)
        // Node 2 lost the token in COMMIT: same ring seq, failed list kept.
        let stillFailing = Join(sender: 2, ringSeq: core.ringID.seq, procList: [1, 2, 3], failedList: [3])
        _ = core.receiveAndSettle(stillFailing.encode(), now: now)
        #expect(core.state == .gather)
        #expect(core.failedList == [3])
    }

    @Test func aJoinOfAnotherRingSeqOrFromANonMemberProvesNothing() {
        var (core, now) = representativeExcludingNode3(loseToken: true)
        now = now + .milliseconds(1)
        // The member's join carries an older ring seq: sent before it committed.
        _ = core.receiveAndSettle(
            Join(sender: 2, ringSeq: core.ringID.seq - 4, procList: [1, 2], failedList: []).encode(), now: now)
        #expect(core.failedList == [3])
        // Node 3 was not in the ring: whatever it sends cannot show the ring was installed.
        _ = core.receiveAndSettle(
            Join(sender: 3, ringSeq: core.ringID.seq, procList: [1, 2, 3], failedList: []).encode(), now: now)
        #expect(core.failedList == [3])
    }
}
