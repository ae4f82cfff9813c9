import ClusterIPC
import Testing

/// The per-connection tracking state machine: the current state at once, one notification per
/// actual change, nothing after a stop.
@Suite struct QuorumTrackingStateTests {
    let up = QuorumFixtures.twoNodeBothUp
    var peerGone: QuorumStatusInfo {
        var status = up
        status.members.removeLast()
        status.totalVotes = 1
        status.ringSeq += 4
        return status
    }

    func notification(_ frame: IPCFrame) throws -> QuorumNotification { try QuorumNotification.decode(frame) }
    func reply(_ frame: IPCFrame, _ request: IPCRequest) throws -> IPCReply { try IPCReply.decode(frame, for: request) }

    @Test func changesSendsTheReplyThenTheCurrentStateThenEachChangeOnce() throws {
        var tracking = QuorumTrackingState()
        let started = tracking.start(.changes, requestID: 11, current: up)
        try #require(started.count == 2)
        #expect(tracking.isTracking)
        #expect(try reply(started[0], .trackQuorum(.changes)) == .done && started[0].requestID == 11)
        #expect(try notification(started[1]) == QuorumNotification(requestID: 11, status: up))
        #expect(tracking.offer(up).isEmpty, "an unchanged state is not sent again")
        let changed = tracking.offer(peerGone)
        try #require(changed.count == 1)
        #expect(try notification(changed[0]) == QuorumNotification(requestID: 11, status: peerGone))
        #expect(tracking.offer(peerGone).isEmpty)
        let back = tracking.offer(up)
        try #require(back.count == 1)
        #expect(try notification(back[0]).status == up)
    }

    @Test func everyTrackedFieldCountsAsAChange() {
        var mutations: [(String, (inout QuorumStatusInfo) -> Void)] = []
        mutations.append(("quorate", { $0.quorate.toggle() }))
        mutations.append(("expected", { $0.expectedVotes += 1 }))
        mutations.append(("total", { $0.totalVotes += 1 }))
        mutations.append(("quorum", { $0.quorum += 1 }))
        mutations.append(("flags", { $0.flags ^= 4 }))
        mutations.append(("ring", { $0.ringSeq += 1 }))
        mutations.append(("member votes", { $0.members[0].votes += 1 }))
        mutations.append(("members", { $0.members.removeLast() }))
        mutations.append(("wait_for_all", { $0.waitForAllPending.toggle() }))
        for (name, mutate) in mutations {
            var tracking = QuorumTrackingState()
            _ = tracking.start(.changes, requestID: 1, current: up)
            var status = up
            mutate(&status)
            #expect(tracking.offer(status).count == 1, "a change of \(name) was not notified")
        }
    }

    @Test func stopRepliesAndSilencesTheConnection() throws {
        var tracking = QuorumTrackingState()
        _ = tracking.start(.changes, requestID: 3, current: up)
        let generation = tracking.generation
        let stopped = tracking.stop(requestID: 4)
        try #require(stopped.count == 1)
        #expect(stopped[0].requestID == 4 && stopped[0].kind == IPCKind.stopQuorumTracking.reply)
        #expect(try reply(stopped[0], .stopQuorumTracking) == .done)
        #expect(!tracking.isTracking && tracking.generation != generation)
        #expect(tracking.offer(peerGone).isEmpty)
    }

    @Test func stopWithoutTrackingIsNotExist() throws {
        var tracking = QuorumTrackingState()
        let stopped = tracking.stop(requestID: 9)
        try #require(stopped.count == 1)
        #expect(try reply(stopped[0], .stopQuorumTracking) == .failure(.notExist, message: "quorum tracking was not started on this connection"))
    }

    @Test func currentOnlySendsOneStateAndDoesNotTrack() throws {
        var tracking = QuorumTrackingState()
        let frames = tracking.start(.current, requestID: 5, current: up)
        try #require(frames.count == 2)
        #expect(try notification(frames[1]).status == up)
        #expect(!tracking.isTracking && tracking.offer(peerGone).isEmpty)
    }

    @Test func changesOnlyWaitsForAChange() throws {
        var tracking = QuorumTrackingState()
        let frames = tracking.start(.changesOnly, requestID: 6, current: up)
        try #require(frames.count == 1)
        #expect(try reply(frames[0], .trackQuorum(.changesOnly)) == .done)
        #expect(tracking.offer(up).isEmpty)
        #expect(tracking.offer(peerGone).count == 1)
    }

    @Test func aSecondTrackRequestTakesOverTheID() throws {
        var tracking = QuorumTrackingState()
        _ = tracking.start(.changes, requestID: 1, current: up)
        _ = tracking.start(.changes, requestID: 2, current: up)
        #expect(tracking.trackingRequestID == 2)
        let pushed = tracking.offer(peerGone)
        try #require(pushed.count == 1)
        #expect(try notification(pushed[0]).requestID == 2)
        _ = tracking.start(.current, requestID: 3, current: peerGone)
        #expect(!tracking.isTracking, "a CURRENT-only request ends the tracking, as corosync replaces the flags")
    }
}
