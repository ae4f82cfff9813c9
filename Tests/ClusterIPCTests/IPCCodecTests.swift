import ClusterIPC
import Testing

/// Round trips and the exact layout of frames, values and replies.
@Suite struct IPCCodecTests {
    @Test func frameLayoutIsLengthVersionKindRequestIDBodyLittleEndian() {
        let frame = IPCFrame(kind: .ringStatus, requestID: 0x0A0B_0C0D, body: [0xEE])
        #expect(frame.encoded() == [9, 0, 0, 0, 1, 0, 0x01, 0x01, 0x0D, 0x0C, 0x0B, 0x0A, 0xEE])
    }

    @Test func framesRoundTripThroughTheDecoderByteByByte() throws {
        let frames = [
            IPCFrame(kind: .ringStatus, requestID: 1),
            IPCFrame(kind: .nodeList, requestID: .max, body: Array(repeating: 7, count: 3000)),
            IPCFrame(version: 9, kind: IPCKind(rawValue: 0x0201), requestID: 5, body: [1, 2]),
        ]
        var decoder = IPCFrameDecoder()
        var decoded: [IPCFrame] = []
        for byte in frames.flatMap({ $0.encoded() }) {
            decoder.append([byte])
            while let frame = try decoder.next() { decoded.append(frame) }
        }
        #expect(decoded == frames)
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test func everyValueTypeRoundTripsWithCmapTypeCodes() throws {
        var writer = IPCWriter()
        for value in IPCFixtures.values { writer.value(value) }
        var reader = IPCReader(writer.bytes)
        for value in IPCFixtures.values { #expect(try reader.value("v") == value) }
        try reader.finish()
        #expect(IPCFixtures.values.map(\.typeCode) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12, 12])
        var one = IPCWriter()
        one.value(.uint32(0x0102_0304))
        #expect(one.bytes == [6, 4, 0, 0, 0, 4, 3, 2, 1])
    }

    @Test func ringStatusReplyRoundTrips() throws {
        let frame = IPCReply.ringStatus(IPCFixtures.ringStatus).frame(requestKind: .ringStatus, requestID: 42)
        #expect(frame.kind == IPCKind(rawValue: 0x8101))
        let decoded = try IPCReply.decode(IPCFrameDecoder.decodeSingle(frame.encoded()), for: .ringStatus)
        #expect(decoded == .ringStatus(IPCFixtures.ringStatus))
        #expect(IPCFixtures.ringStatus.ringID == "1.1d")
    }

    @Test func nodeListReplyRoundTrips() throws {
        let list = IPCFixtures.ringStatus.nodeList
        let frame = IPCReply.nodeList(list).frame(requestKind: .nodeList, requestID: 7)
        #expect(frame.kind == IPCKind(rawValue: 0x8102))
        #expect(try IPCReply.decode(frame, for: .nodeList) == .nodeList(list))
    }

    @Test func failureReplyCarriesStatusAndMessage() throws {
        let frame = IPCReply.failure(.access, message: "no").frame(requestKind: .nodeList, requestID: 3)
        #expect(frame.body == [11, 0, 0, 0, 2, 0, 0, 0, 0x6E, 0x6F])
        #expect(try IPCReply.decode(frame, for: .nodeList) == .failure(.access, message: "no"))
        let protocolError = IPCReply.failure(.tooBig, message: "").frame(requestKind: .protocolError, requestID: 0)
        #expect(protocolError.kind == .protocolError)
        #expect(try IPCReply.decode(protocolError, for: .ringStatus) == .failure(.tooBig, message: ""))
    }

    @Test func requestsRoundTrip() throws {
        for request in [IPCRequest.ringStatus, .nodeList] {
            #expect(try IPCRequest.decode(request.frame(requestID: 9)) == request)
        }
    }

    @Test func kindRangesLeaveRoomForCmapAndNotifications() {
        let cmapGet = IPCKind(rawValue: 0x0203)
        #expect(cmapGet.isRequest && !cmapGet.isReply && !cmapGet.isNotification)
        #expect(cmapGet.reply.rawValue == 0x8203 && cmapGet.reply.isReply)
        #expect(cmapGet.notification.rawValue == 0x4203 && cmapGet.notification.isNotification)
        #expect(!IPCKind(rawValue: 0).isRequest && IPCKind.protocolError.isReply)
    }

    @Test func statusNamesAreCorosyncs() {
        #expect(IPCStatus.invalidParam.rawValue == 7 && IPCStatus.invalidParam.name == "CS_ERR_INVALID_PARAM")
        #expect(IPCStatus.notExist.rawValue == 12 && IPCStatus.access.rawValue == 11)
        #expect(IPCStatus.tryAgain.rawValue == 6 && IPCStatus.library.name == "CS_ERR_LIBRARY")
    }
}
