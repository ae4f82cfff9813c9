import ClusterIPC
import Testing
import Totem

/// The pure per-connection state machine: what the server answers to each kind of bad input.
@Suite struct IPCServerSessionTests {
    func errorReply(_ action: IPCServerSession.Action?) throws -> (IPCFrame, IPCStatus) {
        guard case .reply(let bytes) = action else { throw SessionTestError.notAReply(action) }
        let frame = try IPCFrameDecoder.decodeSingle(bytes)
        var reader = IPCReader(frame.body)
        return (frame, IPCStatus(rawValue: try reader.u32("status")))
    }

    @Test func goodRequestsAreHandedOverWithTheirIDs() {
        var session = IPCServerSession(authorized: true)
        let bytes = IPCRequest.ringStatus.frame(requestID: 5).encoded() + IPCRequest.nodeList.frame(requestID: 6).encoded()
        #expect(session.receive(bytes.prefix(7)) == [])
        #expect(session.receive(bytes.dropFirst(7)) == [.request(.ringStatus, requestID: 5), .request(.nodeList, requestID: 6)])
        #expect(session.endOfStream() == nil)
    }

    @Test func badVersionGetsAProtocolErrorAndTheConnectionGoesOn() throws {
        var session = IPCServerSession(authorized: true)
        let bad = IPCFrame(version: 7, kind: .ringStatus, requestID: 11).encoded()
        let actions = session.receive(bad + IPCRequest.nodeList.frame(requestID: 12).encoded())
        #expect(actions.count == 2)
        let (frame, status) = try errorReply(actions.first)
        #expect(frame.kind == .protocolError && frame.requestID == 11 && status == .version)
        #expect(actions.last == .request(.nodeList, requestID: 12))
    }

    @Test func unknownKindIsAnsweredOnItsReplyKind() throws {
        var session = IPCServerSession(authorized: true)
        let (frame, status) = try errorReply(session.receive(IPCFrame(kind: IPCKind(rawValue: 0x3F03), requestID: 4).encoded()).first)
        #expect(frame.kind.rawValue == 0xBF03 && frame.requestID == 4 && status == .notSupported)
    }

    @Test func malformedBodyIsAMessageError() throws {
        var session = IPCServerSession(authorized: true)
        let (frame, status) = try errorReply(session.receive(IPCFrame(kind: .ringStatus, requestID: 4, body: [1]).encoded()).first)
        #expect(frame.kind == IPCKind.ringStatus.reply && status == .messageError)
    }

    @Test func oversizedFrameIsRefusedAndClosed() throws {
        var session = IPCServerSession(authorized: true)
        let actions = session.receive(IPCFixtures.rawFrame(length: 2 << 20, kind: 0x0101, requestID: 99))
        let (frame, status) = try errorReply(actions.first)
        #expect(frame.kind == .protocolError && frame.requestID == 99 && status == .tooBig)
        #expect(actions.last == .close)
        #expect(session.receive(IPCRequest.ringStatus.frame(requestID: 1).encoded()) == [])
    }

    @Test func unauthorizedPeerGetsAccessDeniedAndIsDisconnected() throws {
        var session = IPCServerSession(authorized: false)
        let actions = session.receive(IPCRequest.ringStatus.frame(requestID: 8).encoded())
        let (frame, status) = try errorReply(actions.first)
        #expect(frame.kind == IPCKind.ringStatus.reply && frame.requestID == 8 && status == .access)
        #expect(actions.count == 2 && actions.last == .close)
    }

    @Test func partialFrameAtEndOfStreamIsReported() {
        var session = IPCServerSession(authorized: true)
        _ = session.receive(IPCRequest.ringStatus.frame(requestID: 1).encoded().prefix(10))
        #expect(session.endOfStream() == .incompleteFrame(expected: 12, available: 10))
    }

    /// 1,000 seeded garbage or truncated frames: the session never traps, answers each complete
    /// frame exactly once (a request or an error reply), and closes only on framing errors.
    @Test func seededGarbageFramesNeverBreakTheSession() throws {
        let seed: UInt64 = 0x1BC_2026
        var random = SplitMix64(seed: seed)
        let good = IPCRequest.ringStatus.frame(requestID: 77).encoded()
        for round in 0..<1000 {
            var bytes: [UInt8]
            switch random.next() % 4 {
            case 0:  // pure garbage
                bytes = (0..<Int(random.next() % 40)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1:  // a good frame cut short
                bytes = Array(good.prefix(Int(random.next() % UInt64(good.count))))
            case 2:  // a well-framed body of random bytes with a random kind and version
                let body = (0..<Int(random.next() % 20)).map { _ in UInt8.random(in: 0...255, using: &random) }
                bytes = IPCFrame(version: UInt16(random.next() % 3), kind: IPCKind(rawValue: UInt16(truncatingIfNeeded: random.next())),
                                 requestID: UInt32(truncatingIfNeeded: random.next()), body: body).encoded()
            default:  // a good frame with one byte flipped
                bytes = good
                bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8.random(in: 1...255, using: &random)
            }
            var session = IPCServerSession(authorized: true)
            let actions = session.receive(bytes)
            // An independent decoder says how many complete frames there were and whether
            // framing broke; the session must answer each frame once and close only then.
            var decoder = IPCFrameDecoder()
            decoder.append(bytes)
            var frames = 0
            var framingError: IPCError?
            do throws(IPCError) {
                while try decoder.next() != nil { frames += 1 }
            } catch {
                framingError = error
            }
            let answers = actions.filter { $0 != .close }
            #expect(answers.count == frames + (framingError == nil ? 0 : 1), "SEED=\(seed) round \(round)")
            #expect((actions.last == .close) == (framingError != nil), "SEED=\(seed) round \(round)")
            if let framingError { #expect(framingError.closesConnection, "SEED=\(seed) round \(round)") }
            for case .reply(let reply) in answers {
                let frame = try IPCFrameDecoder.decodeSingle(reply)
                #expect(frame.kind.isReply, "SEED=\(seed) round \(round)")
                var reader = IPCReader(frame.body)
                #expect(try reader.u32("status") != 0, "SEED=\(seed) round \(round)")
            }
            if framingError == nil && decoder.bufferedByteCount > 0 {
                #expect(session.endOfStream() != nil, "SEED=\(seed) round \(round)")
            }
            // A client decoding the same bytes as a reply gets an error or a value, never a trap.
            _ = try? IPCReply.decode(IPCFrameDecoder.decodeSingle(bytes), for: .ringStatus)
        }
    }
}
