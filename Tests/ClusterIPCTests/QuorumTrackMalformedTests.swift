import ClusterIPC
import Testing
import Totem

/// Malformed track requests and notifications: one specific ``IPCError`` each, never a trap,
/// and a server session that answers them and goes on.
@Suite struct QuorumTrackMalformedTests {
    func requestError(_ kind: IPCKind, _ body: [UInt8], version: UInt16 = 1) -> IPCError? {
        do throws(IPCError) {
            _ = try IPCRequest.decode(IPCFrame(version: version, kind: kind, requestID: 1, body: body))
            return nil
        } catch {
            return error
        }
    }

    func notificationError(_ frame: IPCFrame) -> IPCError? {
        do throws(IPCError) {
            _ = try QuorumNotification.decode(frame)
            return nil
        } catch {
            return error
        }
    }

    @Test func trackRequestNeedsExactlyOneKnownFlagsWord() {
        #expect(requestError(.trackQuorum, []) == .truncated(field: "trackFlags", needed: 4, available: 0))
        #expect(requestError(.trackQuorum, [2, 0, 0]) == .truncated(field: "trackFlags", needed: 4, available: 3))
        #expect(requestError(.trackQuorum, [2, 0, 0, 0, 0]) == .trailingBytes(count: 1))
        #expect(requestError(.trackQuorum, [0, 0, 0, 0]) == .invalidValue(field: "trackFlags", value: 0))
        #expect(requestError(.trackQuorum, [8, 0, 0, 0]) == .invalidValue(field: "trackFlags", value: 8))
        #expect(requestError(.trackQuorum, [3, 0, 0, 0x80]) == .invalidValue(field: "trackFlags", value: 0x8000_0003))
        #expect(requestError(.trackQuorum, [2, 0, 0, 0], version: 2) == .unsupportedVersion(2))
        #expect(IPCError.invalidValue(field: "trackFlags", value: 0).status == .invalidParam)
    }

    @Test func stopAndCancelTakeNoBody() {
        #expect(requestError(.stopQuorumTracking, [0]) == .trailingBytes(count: 1))
        #expect(requestError(.cancelWaitForAll, [1, 0, 0, 0]) == .trailingBytes(count: 4))
    }

    @Test func theOtherVotequorumNumbersStayReserved() {
        for raw: UInt16 in [0x0401, 0x0406, 0x040A, 0x0481] {
            #expect(requestError(IPCKind(rawValue: raw), []) == .unknownKind(raw))
        }
    }

    @Test func aSessionAnswersABadTrackRequestAndKeepsServing() throws {
        var session = IPCServerSession(authorized: true)
        var bytes = IPCFrame(kind: .trackQuorum, requestID: 5, body: [9, 0, 0, 0]).encoded()
        bytes += IPCFrame(kind: .trackQuorum, requestID: 6, body: [2, 0]).encoded()
        bytes += IPCRequest.trackQuorum(.changes).frame(requestID: 7).encoded()
        let actions = session.receive(bytes)
        #expect(actions.count == 3)
        guard actions.count == 3, case .reply(let first) = actions[0], case .reply(let second) = actions[1] else { return }
        let invalid = try IPCFrameDecoder.decodeSingle(first)
        #expect(invalid.kind == IPCKind.trackQuorum.reply && invalid.requestID == 5)
        #expect(try IPCReply.decode(invalid, for: .trackQuorum(.changes)) == .failure(.invalidParam, message: "invalid trackFlags 9"))
        let short = try IPCFrameDecoder.decodeSingle(second)
        #expect(short.requestID == 6)
        #expect(try IPCReply.decode(short, for: .trackQuorum(.changes))
            == .failure(.messageError, message: "body truncated in trackFlags: 4 bytes needed, 2 left"))
        #expect(actions[2] == .request(.trackQuorum(.changes), requestID: 7))
    }

    @Test func notificationsOfAnotherKindOrShapeAreRefused() {
        let good = QuorumNotification(requestID: 1, status: QuorumFixtures.threeNodesTwoDead).frame()
        var wrongKind = good
        wrongKind.kind = .quorumStatus.reply
        #expect(notificationError(wrongKind) == .unknownKind(0x8301))
        var wrongVersion = good
        wrongVersion.version = 3
        #expect(notificationError(wrongVersion) == .unsupportedVersion(3))
        var trailing = good
        trailing.body.append(0)
        #expect(notificationError(trailing) == .trailingBytes(count: 1))
        for cut in 0..<good.body.count {
            var truncated = good
            truncated.body = Array(good.body.prefix(cut))
            guard case .truncated = notificationError(truncated) else {
                Issue.record("prefix of \(cut) bytes was not refused as truncated")
                return
            }
        }
    }

    @Test func randomBodiesNeverTrap() {
        var random = SplitMix64(seed: 0x5EED_7AC4)
        for _ in 0..<2000 {
            let count = Int(random.next() % 64)
            let body = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = requestError(.trackQuorum, body)
            _ = notificationError(IPCFrame(kind: .quorumNotification, requestID: 1, body: body))
        }
    }
}
