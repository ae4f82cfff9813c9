import ClusterIPC
import Testing

/// The quorum and votequorum calls: kinds, request bodies and replies round-trip byte-exactly.
@Suite struct QuorumCodecTests {
    @Test func kindsAreInTheQuorumAndVotequorumServices() {
        #expect(IPCKind.quorumStatus.rawValue == 0x0301 && IPCKind.quorumStatus.reply.rawValue == 0x8301)
        #expect(IPCKind.setExpectedVotes.rawValue == 0x0402 && IPCKind.setVotes.rawValue == 0x0403)
        #expect(IPCKind.requests.contains(.quorumStatus) && IPCKind.requests.contains(.setVotes))
        #expect("\(IPCKind.setExpectedVotes)" == "setExpectedVotes(0x402)")
    }

    @Test func requestBodiesAreLittleEndianAndRoundTrip() throws {
        #expect(IPCRequest.quorumStatus.frame(requestID: 1).body.isEmpty)
        #expect(IPCRequest.setExpectedVotes(0x0102_0304).frame(requestID: 1).body == [4, 3, 2, 1])
        #expect(IPCRequest.setVotes(nodeID: 9, votes: 2).frame(requestID: 1).body == [9, 0, 0, 0, 2, 0, 0, 0])
        let requests: [IPCRequest] = [
            .ringStatus, .nodeList, .quorumStatus, .setExpectedVotes(1), .setExpectedVotes(.max),
            .setVotes(nodeID: 0, votes: 0), .setVotes(nodeID: .max, votes: 7),
        ]
        for request in requests {
            let bytes = request.frame(requestID: 77).encoded()
            #expect(try IPCRequest.decode(IPCFrameDecoder.decodeSingle(bytes)) == request)
        }
    }

    @Test func quorumStatusReplyRoundTrips() throws {
        for info in [QuorumFixtures.twoNodeBothUp, QuorumFixtures.threeNodesTwoDead, QuorumFixtures.noProvider] {
            let frame = IPCReply.quorumStatus(info).frame(requestKind: .quorumStatus, requestID: 5)
            #expect(frame.kind.rawValue == 0x8301)
            #expect(try IPCReply.decode(IPCFrameDecoder.decodeSingle(frame.encoded()), for: .quorumStatus) == .quorumStatus(info))
        }
        #expect(QuorumFixtures.threeNodesTwoDead.ringID == "1.5a")
    }

    @Test func quorumStatusLayoutStartsWithIdProviderAndFlags() {
        var writer = IPCWriter()
        QuorumFixtures.twoNodeBothUp.encode(&writer)
        let bytes = writer.bytes
        let provider = Array("corosync_votequorum".utf8)
        #expect(Array(bytes[0..<8]) == [1, 0, 0, 0, UInt8(provider.count), 0, 0, 0])
        #expect(Array(bytes[8..<(8 + provider.count)]) == provider)
        let afterProvider = 8 + provider.count
        // votequorum, quorate, ring rep 1, ring seq 9.
        #expect(Array(bytes[afterProvider..<(afterProvider + 14)]) == [1, 1, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0])
        // expected 2, highest 2, total 2, quorum 1, flags 7, wait_for_all pending false.
        #expect(Array(bytes[(afterProvider + 14)..<(afterProvider + 35)])
            == [2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0])
    }

    @Test func setRepliesAreTheStatusAlone() throws {
        let done = IPCReply.done.frame(requestKind: .setExpectedVotes, requestID: 3)
        #expect(done.kind.rawValue == 0x8402 && done.body == [0, 0, 0, 0])
        #expect(try IPCReply.decode(done, for: .setExpectedVotes(3)) == .done)
        let votes = IPCReply.done.frame(requestKind: .setVotes, requestID: 4)
        #expect(votes.kind.rawValue == 0x8403)
        #expect(try IPCReply.decode(votes, for: .setVotes(nodeID: 1, votes: 1)) == .done)
        let refused = IPCReply.failure(.nameNotFound, message: "x").frame(requestKind: .setVotes, requestID: 4)
        #expect(refused.body == [17, 0, 0, 0, 1, 0, 0, 0, 0x78])
        #expect(try IPCReply.decode(refused, for: .setVotes(nodeID: 9, votes: 1)) == .failure(.nameNotFound, message: "x"))
    }

    @Test func newStatusNamesAreCorosyncs() {
        #expect(IPCStatus.nameNotFound.rawValue == 17 && IPCStatus.nameNotFound.name == "CS_ERR_NAME_NOT_FOUND")
        #expect(IPCStatus(rawValue: 15).name == "CS_ERR_NO_SPACE" && IPCStatus(rawValue: 18).name == "CS_ERR_NO_RESOURCES")
    }

    @Test func displayNameFallsBackToTheAddress() {
        #expect(QuorumFixtures.noProvider.members.map(\.displayName) == ["node1", "10.77.0.2"])
    }
}
