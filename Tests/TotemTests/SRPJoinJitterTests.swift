import Testing
@testable import Totem

/// The JOIN delays drawn from ``JoinJitter``: corosync's `send_join`, and the late answer to an
/// accusation that breaks symmetric accusation echoes (simulator seed 19617).
@Suite struct SRPJoinJitterTests {
    let nodes: [NodeID] = [1, 2, 3]

    func started(_ id: NodeID, sendJoin: Duration = .zero) -> SRPCore {
        var parameters = TotemParameters(nodeCount: 3)
        parameters.sendJoin = sendJoin
        var core = SRPCore(myID: id, nodes: nodes, parameters: parameters, persistedRingSeq: 0)
        _ = core.start(now: .zero)
        return core
    }

    /// The instant node `id` answers node 3's accusation received at 1 ms.
    func answerInstant(of id: NodeID) throws -> Instant {
        var core = started(id)
        _ = core.handleTimeout(now: .zero)
        let now = Instant.zero + .milliseconds(1)
        let accusation = Join(sender: 3, ringSeq: 1, procList: [3, id], failedList: [id])
        let (effects, sentAt) = core.receiveUntilJoin(accusation.encode(), now: now)
        let join = try #require(sentJoins(effects).last)
        #expect(join.failedList == [3])
        #expect(sentAt >= now && sentAt < now + core.accusationAnswerBound)
        return sentAt
    }

    @Test func anAccusationIsAnsweredAfterADelayThatDiffersPerNodeAndReplays() throws {
        let first = try answerInstant(of: 1)
        let second = try answerInstant(of: 2)
        #expect(first != second)
        #expect(try answerInstant(of: 1) == first)
    }

    @Test func aJoinThatAccusesNobodyIsAnsweredAtOnce() {
        var core = started(1)
        _ = core.handleTimeout(now: .zero)
        let now = Instant.zero + .milliseconds(1)
        let effects = core.receiveAndSettle(Join(sender: 2, ringSeq: 1, procList: [2], failedList: []).encode(), now: now)
        #expect(sentJoins(effects).last?.procList == [1, 2])
    }

    @Test func laterListChangesDoNotSendTheAnswerEarly() {
        var core = started(1)
        _ = core.handleTimeout(now: .zero)
        var now = Instant.zero + .milliseconds(1)
        _ = core.receiveAndSettle(Join(sender: 3, ringSeq: 1, procList: [3, 1], failedList: [1]).encode(), now: now)
        let answerAt = core.timers.deadline(of: .join)
        // Node 2 shows up before the answer left: its list change re-enters GATHER, and the
        // JOIN, now with both changes, still waits for the answer's instant.
        now = now + .microseconds(1)
        let effects = core.receiveAndSettle(Join(sender: 2, ringSeq: 1, procList: [2], failedList: []).encode(), now: now)
        #expect(sentJoins(effects).isEmpty)
        #expect(core.timers.deadline(of: .join) == answerAt)
    }

    @Test func sendJoinDelaysEveryJoinBelowItsBound() throws {
        let bound = Duration.milliseconds(80)
        var core = started(1, sendJoin: bound)
        let first = try #require(core.nextDeadline)
        #expect(first < Instant.zero + bound)
        var sends: [Instant] = []
        var now = Instant.zero
        while sends.count < 5, let deadline = core.nextDeadline {
            now = deadline
            if !sentJoins(core.handleTimeout(now: now)).isEmpty { sends.append(now) }
        }
        let gaps = zip(sends.dropFirst(), sends).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= core.parameters.join && $0 < core.parameters.join + bound })
        #expect(Set(gaps).count > 1)
    }

    @Test func withoutSendJoinTheJoinsKeepTheJoinInterval() {
        var core = started(1)
        #expect(core.nextDeadline == Instant.zero)
        _ = core.handleTimeout(now: .zero)
        #expect(core.nextDeadline == Instant.zero + core.parameters.join)
    }
}
