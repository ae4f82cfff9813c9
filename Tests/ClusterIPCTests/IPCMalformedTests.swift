import ClusterIPC
import Testing

/// Every malformed input maps to one specific ``IPCError`` (and reply status), never a trap.
@Suite struct IPCMalformedTests {
    func decodeError(_ bytes: [UInt8]) -> IPCError? {
        var decoder = IPCFrameDecoder()
        decoder.append(bytes)
        do throws(IPCError) {
            _ = try decoder.next()
            try decoder.finish()
            return nil
        } catch {
            return error
        }
    }

    func replyError(_ body: [UInt8], kind: IPCKind = IPCKind.ringStatus.reply, for request: IPCRequest = .ringStatus) -> IPCError? {
        do throws(IPCError) {
            _ = try IPCReply.decode(IPCFrame(kind: kind, requestID: 1, body: body), for: request)
            return nil
        } catch {
            return error
        }
    }

    var goodStatusBody: [UInt8] {
        IPCReply.ringStatus(IPCFixtures.ringStatus).frame(requestKind: .ringStatus, requestID: 1).body
    }

    @Test func frameOverOneMebibyteIsTooLargeAndClosesTheConnection() {
        let error = decodeError(IPCFixtures.rawFrame(length: (1 << 20) + 1, kind: 0x0101, requestID: 1))
        #expect(error == .frameTooLarge(length: (1 << 20) + 1))
        #expect(error?.status == .tooBig && error?.closesConnection == true)
        #expect(decodeError(IPCFixtures.rawFrame(length: 1 << 20, kind: 0x0101, requestID: 1)) != .frameTooLarge(length: 1 << 20))
    }

    @Test func lengthBelowTheHeaderIsTooShort() {
        let error = decodeError([7, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0])
        #expect(error == .frameTooShort(length: 7))
        #expect(error?.status == .messageError && error?.closesConnection == true)
    }

    @Test func streamEndingInsideAFrameIsIncomplete() {
        #expect(decodeError([9, 0]) == .incompleteFrame(expected: 4, available: 2))
        #expect(decodeError([9, 0, 0, 0, 1, 0]) == .incompleteFrame(expected: 13, available: 6))
    }

    @Test func unknownVersionIsRefusedWithCSErrVersion() {
        let frame = IPCFrame(version: 2, kind: .ringStatus, requestID: 1)
        #expect(throws: IPCError.unsupportedVersion(2)) { try IPCRequest.decode(frame) }
        #expect(IPCError.unsupportedVersion(2).status == .version)
    }

    @Test func unknownRequestKindIsNotSupported() {
        #expect(throws: IPCError.unknownKind(0x3F01)) { try IPCRequest.decode(IPCFrame(kind: IPCKind(rawValue: 0x3F01), requestID: 1)) }
        #expect(throws: IPCError.unknownKind(0x8101)) { try IPCRequest.decode(IPCFrame(kind: IPCKind(rawValue: 0x8101), requestID: 1)) }
        #expect(IPCError.unknownKind(1).status == .notSupported)
    }

    @Test func requestWithABodyHasTrailingBytes() {
        #expect(throws: IPCError.trailingBytes(count: 2)) { try IPCRequest.decode(IPCFrame(kind: .nodeList, requestID: 1, body: [0, 0])) }
    }

    @Test func replyOfTheWrongKindIsRefused() {
        #expect(replyError(goodStatusBody, kind: IPCKind.nodeList.reply) == .unknownKind(0x8102))
    }

    @Test func truncatedReplyBodiesNameTheFieldWhereTheyEnded() {
        #expect(replyError([]) == .truncated(field: "status", needed: 4, available: 0))
        #expect(replyError([0, 0, 0, 0, 1, 0]) == .truncated(field: "localNodeID", needed: 4, available: 2))
        #expect(replyError([0, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0x75]) == .truncated(field: "transport", needed: 9, available: 1))
        // Every proper prefix of a good body fails with .truncated, never another error.
        let body = goodStatusBody
        for cut in 0..<body.count {
            guard case .truncated = replyError(Array(body[0..<cut])) else {
                Issue.record("prefix \(cut) did not give .truncated: \(String(describing: replyError(Array(body[0..<cut]))))")
                return
            }
        }
    }

    @Test func replyWithExtraBytesHasTrailingBytes() {
        #expect(replyError(goodStatusBody + [0]) == .trailingBytes(count: 1))
    }

    @Test func hugeArrayCountIsTruncatedBeforeAllocating() {
        var writer = IPCWriter()
        writer.u32(0)
        writer.u32(1)
        writer.string("udpu")
        writer.u8(0)
        writer.bool(true)
        writer.u32(1)
        writer.u64(1)
        writer.u32(1410)
        writer.u32(.max)
        #expect(replyError(writer.bytes) == .truncated(field: "members", needed: Int(UInt32.max) * 4, available: 0))
    }

    @Test func outOfRangeFieldsAreInvalidParam() {
        var body = goodStatusBody
        let stateOffset = 4 + 4 + 4 + 4  // status, local id, transport length, "udpu"
        body[stateOffset] = 9
        #expect(replyError(body) == .invalidValue(field: "state", value: 9))
        body = goodStatusBody
        body[stateOffset + 1] = 2
        #expect(replyError(body) == .invalidValue(field: "running", value: 2))
        #expect(IPCError.invalidValue(field: "x", value: 1).status == .invalidParam)
    }

    @Test func badTypedValuesAreRefused() {
        func valueError(_ bytes: [UInt8]) -> IPCError? {
            var reader = IPCReader(bytes)
            do throws(IPCError) {
                _ = try reader.value("v")
                return nil
            } catch {
                return error
            }
        }
        #expect(valueError([13, 0, 0, 0, 0]) == .invalidValue(field: "v.type", value: 13))
        #expect(valueError([0, 0, 0, 0, 0]) == .invalidValue(field: "v.type", value: 0))
        #expect(valueError([6, 2, 0, 0, 0, 1, 2]) == .invalidValue(field: "v.length", value: 2))
        #expect(valueError([11, 1, 0, 0, 0, 0xff]) == .invalidUTF8(field: "v"))
        #expect(valueError([12, 1, 0x40, 0, 0] + Array(repeating: 0, count: 0x4001)) == .invalidValue(field: "v.length", value: 0x4001))
        #expect(valueError([12, 5, 0, 0, 0, 1]) == .truncated(field: "v", needed: 5, available: 1))
    }

    @Test func invalidUTF8InAStringFieldIsReported() {
        var writer = IPCWriter()
        writer.u32(0)
        writer.u32(1)
        writer.blob([0xC3, 0x28])
        #expect(replyError(writer.bytes, kind: IPCKind.nodeList.reply, for: .nodeList) == .invalidUTF8(field: "transport"))
    }
}
