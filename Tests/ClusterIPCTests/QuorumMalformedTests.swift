import ClusterIPC
import Testing

/// Malformed quorum requests and replies map to one specific ``IPCError``, never a trap.
@Suite struct QuorumMalformedTests {
    func requestError(_ kind: IPCKind, _ body: [UInt8]) -> IPCError? {
        do throws(IPCError) {
            _ = try IPCRequest.decode(IPCFrame(kind: kind, requestID: 1, body: body))
            return nil
        } catch {
            return error
        }
    }

    func replyError(_ body: [UInt8], for request: IPCRequest = .quorumStatus) -> IPCError? {
        do throws(IPCError) {
            _ = try IPCReply.decode(IPCFrame(kind: request.kind.reply, requestID: 1, body: body), for: request)
            return nil
        } catch {
            return error
        }
    }

    var goodBody: [UInt8] {
        IPCReply.quorumStatus(QuorumFixtures.twoNodeBothUp).frame(requestKind: .quorumStatus, requestID: 1).body
    }

    @Test func setRequestBodiesMustHaveExactlyTheirFields() {
        #expect(requestError(.setExpectedVotes, []) == .truncated(field: "expectedVotes", needed: 4, available: 0))
        #expect(requestError(.setExpectedVotes, [1, 0]) == .truncated(field: "expectedVotes", needed: 4, available: 2))
        #expect(requestError(.setExpectedVotes, [1, 0, 0, 0, 0]) == .trailingBytes(count: 1))
        #expect(requestError(.setVotes, [1, 0, 0, 0]) == .truncated(field: "votes", needed: 4, available: 0))
        #expect(requestError(.setVotes, [1, 0, 0, 0, 1, 0, 0, 0, 9, 9]) == .trailingBytes(count: 2))
        #expect(requestError(.quorumStatus, [0]) == .trailingBytes(count: 1))
        #expect(IPCError.truncated(field: "votes", needed: 4, available: 0).status == .messageError)
    }

    @Test func reservedVotequorumKindsAreNotSupported() {
        #expect(requestError(IPCKind(rawValue: 0x0401), []) == .unknownKind(0x0401))
        #expect(requestError(IPCKind(rawValue: 0x0302), []) == .unknownKind(0x0302))
    }

    @Test func everyProperPrefixOfAStatusReplyIsTruncated() {
        let body = goodBody
        for cut in 0..<body.count {
            guard case .truncated = replyError(Array(body[0..<cut])) else {
                Issue.record("prefix \(cut): \(String(describing: replyError(Array(body[0..<cut]))))")
                return
            }
        }
        #expect(replyError(body) == nil)
        #expect(replyError(body + [0]) == .trailingBytes(count: 1))
    }

    @Test func outOfRangeFieldsAreInvalid() {
        let providerEnd = 4 + 4 + 4 + "corosync_votequorum".utf8.count
        var body = goodBody
        body[providerEnd] = 2
        #expect(replyError(body) == .invalidValue(field: "voteQuorum", value: 2))
        body = goodBody
        body[providerEnd + 1] = 7
        #expect(replyError(body) == .invalidValue(field: "quorate", value: 7))
        // The first member's state byte: after the fixed fields, the device name and the count.
        let firstMember = providerEnd + 2 + 4 + 8 + 5 * 4 + 1 + 4 + 4 + 4
        let stateOffset = firstMember + 4 + 1 + 4 + 4
        body = goodBody
        #expect(body[stateOffset] == 1)
        body[stateOffset] = 4
        #expect(replyError(body) == .invalidValue(field: "member.state", value: 4))
        body = goodBody
        body[firstMember + 4] = 3
        #expect(replyError(body) == .invalidValue(field: "member.known", value: 3))
    }

    @Test func hugeMemberCountIsRefusedBeforeAllocating() {
        var info = QuorumFixtures.twoNodeBothUp
        info.members = []
        var body = IPCReply.quorumStatus(info).frame(requestKind: .quorumStatus, requestID: 1).body
        body.replaceSubrange((body.count - 4)..<body.count, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(replyError(body) == .truncated(field: "members", needed: Int(UInt32.max) * 26, available: 0))
    }

    @Test func setReplyWithAPayloadHasTrailingBytes() {
        #expect(replyError([0, 0, 0, 0, 1], for: .setExpectedVotes(2)) == .trailingBytes(count: 1))
        #expect(replyError([0, 0], for: .setVotes(nodeID: 1, votes: 1)) == .truncated(field: "status", needed: 4, available: 2))
    }

    @Test func aStatusReplyToASetRequestIsTheWrongKind() {
        let frame = IPCReply.quorumStatus(QuorumFixtures.twoNodeBothUp).frame(requestKind: .quorumStatus, requestID: 1)
        #expect(throws: IPCError.unknownKind(0x8301)) { try IPCReply.decode(frame, for: .setExpectedVotes(1)) }
    }
}
