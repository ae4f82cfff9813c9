import ClusterIPC
import Testing

/// The quorum tracking and cancel-wait_for_all calls on the wire (Docs/IPC.md).
@Suite struct QuorumTrackCodecTests {
    @Test func kindsFollowCorosyncsVotequorumNumbersAndOurRange() {
        #expect(IPCKind.trackQuorum.rawValue == 0x0404 && IPCKind.stopQuorumTracking.rawValue == 0x0405)
        #expect(IPCKind.cancelWaitForAll.rawValue == 0x0480)
        #expect(IPCKind.quorumNotification.rawValue == 0x4404 && IPCKind.trackQuorum.notification == .quorumNotification)
        #expect(IPCKind.quorumNotification.isNotification && !IPCKind.quorumNotification.isRequest)
        for kind in [IPCKind.trackQuorum, .stopQuorumTracking, .cancelWaitForAll] {
            #expect(IPCKind.requests.contains(kind) && kind.isRequest)
        }
        #expect(IPCKind.trackQuorum.description == "trackQuorum(0x404)")
        #expect(IPCKind.quorumNotification.description == "quorumNotification(0x4404)")
    }

    @Test func trackRequestIsTheFlagsWord() {
        let bytes = IPCRequest.trackQuorum(.changes).frame(requestID: 7).encoded()
        #expect(bytes == [12, 0, 0, 0, 1, 0, 0x04, 0x04, 7, 0, 0, 0, 2, 0, 0, 0])
        let stop = IPCRequest.stopQuorumTracking.frame(requestID: 8).encoded()
        #expect(stop == [8, 0, 0, 0, 1, 0, 0x05, 0x04, 8, 0, 0, 0])
        let cancel = IPCRequest.cancelWaitForAll.frame(requestID: 9).encoded()
        #expect(cancel == [8, 0, 0, 0, 1, 0, 0x80, 0x04, 9, 0, 0, 0])
    }

    @Test func requestsRoundTrip() throws {
        let requests: [IPCRequest] = [
            .trackQuorum(.current), .trackQuorum(.changes), .trackQuorum(.changesOnly), .trackQuorum([.current, .changes]),
            .stopQuorumTracking, .cancelWaitForAll,
        ]
        for request in requests {
            let frame = try IPCFrameDecoder.decodeSingle(request.frame(requestID: 42).encoded())
            #expect(try IPCRequest.decode(frame) == request)
        }
    }

    @Test func repliesAreStatusOnly() throws {
        for request in [IPCRequest.trackQuorum(.changes), .stopQuorumTracking, .cancelWaitForAll] {
            let done = IPCReply.done.frame(requestKind: request.kind, requestID: 3)
            #expect(done.kind == request.kind.reply && done.body == [0, 0, 0, 0])
            #expect(try IPCReply.decode(done, for: request) == .done)
            let refused = IPCReply.failure(.notExist, message: "no").frame(requestKind: request.kind, requestID: 3)
            #expect(try IPCReply.decode(refused, for: request) == .failure(.notExist, message: "no"))
        }
    }

    @Test func notificationCarriesTheTrackIDAndTheWholeStatus() throws {
        let notification = QuorumNotification(requestID: 0xDEAD_BEEF, status: QuorumFixtures.twoNodeBothUp)
        let frame = notification.frame()
        #expect(frame.kind == .quorumNotification && frame.requestID == 0xDEAD_BEEF)
        let statusReply = IPCReply.quorumStatus(QuorumFixtures.twoNodeBothUp).frame(requestKind: .quorumStatus, requestID: 1)
        #expect(frame.body == Array(statusReply.body.dropFirst(4)), "the body is the quorumStatus payload without the status word")
        let decoded = try QuorumNotification.decode(IPCFrameDecoder.decodeSingle(frame.encoded()))
        #expect(decoded == notification)
    }

    @Test func flagsSayWhatIsSent() throws {
        #expect(QuorumTrackFlags.current.sendsCurrent && !QuorumTrackFlags.current.tracksChanges)
        #expect(QuorumTrackFlags.changes.sendsCurrent && QuorumTrackFlags.changes.tracksChanges)
        #expect(!QuorumTrackFlags.changesOnly.sendsCurrent && QuorumTrackFlags.changesOnly.tracksChanges)
        #expect(try QuorumTrackFlags.validated(7) == [.current, .changes, .changesOnly])
    }
}
