import ClusterIPC
import Testing

/// `killNode` (`0x0104`, `cfgtool -k`) and `shutdown` (`0x0105`, `cfgtool -H`): bodies, replies,
/// and malformed frames refused with one specific error.
struct AdminCodecTests {
    func requestError(_ frame: IPCFrame) -> IPCError? {
        do throws(IPCError) {
            _ = try IPCRequest.decode(frame)
            return nil
        } catch {
            return error
        }
    }

    @Test func killNodeRoundTripsWithItsLayout() throws {
        let request = IPCRequest.killNode(nodeID: 0x0102_0304, reason: "Killed by corosync-cfgtool")
        let frame = request.frame(requestID: 4)
        #expect(frame.kind.rawValue == 0x0104)
        // u32 nodeid | u32 length | UTF-8 reason
        #expect(Array(frame.body.prefix(8)) == [4, 3, 2, 1, 26, 0, 0, 0])
        #expect(frame.body.count == 8 + 26)
        #expect(try IPCRequest.decode(frame) == request)
        #expect(IPCKind.requests.contains(.killNode) && IPCKind.killNode.description == "killNode(0x104)")
    }

    @Test func shutdownFlagsHaveCorosyncsNumbers() throws {
        for flag in ShutdownFlag.allCases {
            let frame = IPCRequest.shutdown(flag).frame(requestID: 2)
            #expect(frame.kind.rawValue == 0x0105 && frame.body == [UInt8(flag.rawValue), 0, 0, 0])
            #expect(try IPCRequest.decode(frame) == .shutdown(flag))
        }
        #expect(ShutdownFlag.allCases.map(\.rawValue) == [0, 1, 2])
        #expect(IPCKind.requests.contains(.shutdown))
    }

    @Test func repliesAreDoneOrAStatus() throws {
        let kill = IPCRequest.killNode(nodeID: 9, reason: "r")
        let done = IPCReply.done.frame(requestKind: .killNode, requestID: 1)
        #expect(done.kind.rawValue == 0x8104 && done.body == [0, 0, 0, 0])
        #expect(try IPCReply.decode(done, for: kill) == .done)
        let refused = IPCReply.failure(.notExist, message: "node 9 is not a member of the ring").frame(requestKind: .killNode, requestID: 1)
        #expect(try IPCReply.decode(refused, for: kill) == .failure(.notExist, message: "node 9 is not a member of the ring"))
        let shutdownDone = IPCReply.done.frame(requestKind: .shutdown, requestID: 1)
        #expect(shutdownDone.kind.rawValue == 0x8105)
        #expect(try IPCReply.decode(shutdownDone, for: .shutdown(.request)) == .done)
        // A done reply with a payload after the status is malformed.
        let padded = IPCFrame(kind: IPCKind.shutdown.reply, requestID: 1, body: [0, 0, 0, 0, 9])
        #expect(throws: IPCError.trailingBytes(count: 1)) { try IPCReply.decode(padded, for: .shutdown(.request)) }
        #expect(IPCStatus.nameTooLong.name == "CS_ERR_NAME_TOO_LONG")
    }

    @Test func malformedKillNodeBodiesAreRefused() {
        #expect(requestError(IPCFrame(kind: .killNode, requestID: 1, body: [])) == .truncated(field: "nodeID", needed: 4, available: 0))
        #expect(requestError(IPCFrame(kind: .killNode, requestID: 1, body: [3, 0, 0, 0])) == .truncated(field: "reason", needed: 4, available: 0))
        // The reason claims 10 bytes, 2 follow.
        #expect(requestError(IPCFrame(kind: .killNode, requestID: 1, body: [3, 0, 0, 0, 10, 0, 0, 0, 65, 66])) == .truncated(field: "reason", needed: 10, available: 2))
        #expect(requestError(IPCFrame(kind: .killNode, requestID: 1, body: [3, 0, 0, 0, 1, 0, 0, 0, 0xFF])) == .invalidUTF8(field: "reason"))
        #expect(requestError(IPCFrame(kind: .killNode, requestID: 1, body: [3, 0, 0, 0, 0, 0, 0, 0, 7])) == .trailingBytes(count: 1))
    }

    @Test func malformedShutdownBodiesAreRefused() {
        #expect(requestError(IPCFrame(kind: .shutdown, requestID: 1, body: [])) == .truncated(field: "shutdownFlag", needed: 4, available: 0))
        let unknown = requestError(IPCFrame(kind: .shutdown, requestID: 1, body: [3, 0, 0, 0]))
        #expect(unknown == .invalidValue(field: "shutdownFlag", value: 3))
        #expect(unknown?.status == .invalidParam)
        #expect(requestError(IPCFrame(kind: .shutdown, requestID: 1, body: [0, 0, 0, 0, 0])) == .trailingBytes(count: 1))
    }
}
