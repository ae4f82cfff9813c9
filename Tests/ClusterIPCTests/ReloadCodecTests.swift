import ClusterEngine
import ClusterIPC
import Testing

/// The `reloadConfig` call (`0x0103`, `cfgtool -R`): empty body both ways, the result in the status.
struct ReloadCodecTests {
    @Test func requestAndRepliesRoundTrip() throws {
        let frame = IPCRequest.reloadConfig.frame(requestID: 9)
        #expect(frame.kind.rawValue == 0x0103 && frame.body.isEmpty)
        #expect(try IPCRequest.decode(frame) == .reloadConfig)
        #expect(IPCKind.requests.contains(.reloadConfig))

        let done = IPCReply.done.frame(requestKind: .reloadConfig, requestID: 9)
        #expect(done.kind.rawValue == 0x8103)
        #expect(try IPCReply.decode(done, for: .reloadConfig) == .done)
        let refused = IPCReply.failure(.invalidParam, message: "corosync.conf:1: bad").frame(requestKind: .reloadConfig, requestID: 9)
        #expect(try IPCReply.decode(refused, for: .reloadConfig) == .failure(.invalidParam, message: "corosync.conf:1: bad"))
    }

    @Test func aBodyOnTheRequestIsRefused() {
        let frame = IPCFrame(kind: .reloadConfig, requestID: 1, body: [0])
        #expect(throws: IPCError.self) { try IPCRequest.decode(frame) }
    }

    @Test func outcomesMapToCorosyncStatuses() {
        #expect(IPCReply(reload: .applied) == .done)
        #expect(IPCReply(reload: .refused("totem.x: no")) == .failure(.invalidParam, message: "totem.x: no"))
        guard case .failure(let status, _) = IPCReply(reload: .timedOut) else {
            Issue.record("a timed-out reload was answered as done")
            return
        }
        #expect(status.name == "CS_ERR_TIMEOUT")
    }
}
