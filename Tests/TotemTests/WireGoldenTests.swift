import Testing
import Totem

/// The annotated corosync 3.1.7 captures of Docs/TotemWire.md §10: each decodes to exactly the
/// annotated values, re-encodes to the identical bytes (garbage target_nodeid included), and a
/// big-endian variant built by swapping the fields by hand decodes to the same value.
@Suite struct WireGoldenTests {
    typealias S = WireTestSupport

    /// Decodes `bytes`, checks the byte-exact re-encoding and the big-endian variant.
    func decodeGolden(_ bytes: [UInt8], layout: [S.Field]) throws -> TotemMessage {
        let message = try TotemMessage.decode(bytes)
        #expect(message.encode() == bytes)
        let bigEndian = S.byteSwapped(bytes, layout)
        #expect(bigEndian != bytes)
        #expect(Array(bigEndian[0..<2]) == [0xC0, 0x70])
        #expect(try TotemMessage.decode(bigEndian) == message)
        #expect(try TotemMessage.decode(bigEndian).encode() == bytes)
        return message
    }

    func ring(_ rep: UInt32, _ seq: UInt64) -> RingID { RingID(rep: NodeID(rep), seq: seq) }

    @Test func joinFromFreshNode2() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 03 00 02 00 00 00 00 00 00 00 02 00 00
            0010: 00 01 00 00 00 00 00 00 00 01 00 00 00 00 00 00
            0020: 00 02 00 00 00
            """)
        #expect(bytes.count == 37)
        guard case .join(let join) = try decodeGolden(bytes, layout: S.joinLayout(entries: 1)) else {
            Issue.record("not a join")
            return
        }
        #expect(join.header == TotemHeader(type: .join, encapsulated: 0, nodeID: 2, targetNodeID: 0))
        #expect(join.systemFrom == 2)
        #expect(join.ringSeq == 1)
        #expect(join.procList == [2])
        #expect(join.failedList == [])
        #expect(!join.isLeave)
        #expect(Join(sender: 2, ringSeq: 1, procList: [2], failedList: []).encode() == bytes)
    }

    @Test func joinFromNode1AfterMerging() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 03 00 01 00 00 00 00 00 00 00 01 00 00
            0010: 00 02 00 00 00 00 00 00 00 05 00 00 00 00 00 00
            0020: 00 01 00 00 00 02 00 00 00
            """)
        #expect(bytes.count == 41)
        guard case .join(let join) = try decodeGolden(bytes, layout: S.joinLayout(entries: 2)) else {
            Issue.record("not a join")
            return
        }
        #expect(join.header.nodeID == 1)
        #expect(join.header.targetNodeID == 0)
        #expect(join.systemFrom == 1)
        #expect(join.ringSeq == 5)
        #expect(join.procList == [1, 2])
        #expect(join.failedList == [])
    }

    @Test func joinAfterTokenLossKeepsGarbageTarget() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 03 00 03 00 00 00 a4 22 d9 a5 03 00 00
            0010: 00 03 00 00 00 01 00 00 00 2c 00 00 00 00 00 00
            0020: 00 01 00 00 00 02 00 00 00 03 00 00 00 02 00 00
            0030: 00
            """)
        #expect(bytes.count == 49)
        guard case .join(let join) = try decodeGolden(bytes, layout: S.joinLayout(entries: 4)) else {
            Issue.record("not a join")
            return
        }
        #expect(join.header.nodeID == 3)
        #expect(join.header.targetNodeID == 0xA5D9_22A4)
        #expect(join.systemFrom == 3)
        #expect(join.ringSeq == 0x2C)
        #expect(join.procList == [1, 2, 3])
        #expect(join.failedList == [2])
    }

    @Test func leave() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 03 00 00 00 00 00 00 00 00 00 02 00 00
            0010: 00 01 00 00 00 01 00 00 00 09 00 00 00 00 00 00
            0020: 00 01 00 00 00 02 00 00 00
            """)
        #expect(bytes.count == 41)
        guard case .join(let join) = try decodeGolden(bytes, layout: S.joinLayout(entries: 2)) else {
            Issue.record("not a join")
            return
        }
        #expect(join.isLeave)
        #expect(join.header.nodeID == 0)
        #expect(join.systemFrom == 2)
        #expect(join.ringSeq == 9)
        #expect(join.procList == [1])
        #expect(join.failedList == [2])
        #expect(Join(sender: 2, ringSeq: 9, procList: [1], failedList: [2], leave: true).encode() == bytes)
    }

    @Test func commitTokenFirstHop() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 04 00 01 00 00 00 00 00 00 00 01 00 00
            0010: 00 01 00 00 00 09 00 00 00 00 00 00 00 00 00 00
            0020: 00 01 00 00 00 02 00 00 00 01 00 00 00 02 00 00
            0030: 00 01 00 00 00 05 00 00 00 00 00 00 00 08 00 00
            0040: 00 08 00 00 00 01 00 00 00 00 00 00 00 00 00 00
            0050: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            0060: 00
            """)
        #expect(bytes.count == 97)
        guard case .commitToken(let token) = try decodeGolden(bytes, layout: S.commitLayout(members: 2)) else {
            Issue.record("not a commit token")
            return
        }
        #expect(token.header == TotemHeader(type: .commitToken, nodeID: 1))
        #expect(token.tokenSeq == 1)
        #expect(token.ringID == ring(1, 9))
        #expect(token.retransFlag == 0)
        #expect(token.membIndex == 1)
        #expect(token.addr == [1, 2])
        #expect(
            token.members == [
                CommitMemberEntry(ringID: ring(1, 5), aru: 8, highDelivered: 8, receivedFlag: 1), .empty,
            ])
    }

    @Test func commitTokenSecondHop() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 04 00 02 00 00 00 00 00 00 00 02 00 00
            0010: 00 01 00 00 00 09 00 00 00 00 00 00 00 00 00 00
            0020: 00 02 00 00 00 02 00 00 00 01 00 00 00 02 00 00
            0030: 00 01 00 00 00 05 00 00 00 00 00 00 00 08 00 00
            0040: 00 08 00 00 00 01 00 00 00 02 00 00 00 05 00 00
            0050: 00 00 00 00 00 08 00 00 00 08 00 00 00 01 00 00
            0060: 00
            """)
        guard case .commitToken(let token) = try decodeGolden(bytes, layout: S.commitLayout(members: 2)) else {
            Issue.record("not a commit token")
            return
        }
        #expect(token.header.nodeID == 2)
        #expect(token.tokenSeq == 2)
        #expect(token.ringID == ring(1, 9))
        #expect(token.membIndex == 2)
        #expect(token.addr == [1, 2])
        #expect(
            token.members == [
                CommitMemberEntry(ringID: ring(1, 5), aru: 8, highDelivered: 8, receivedFlag: 1),
                CommitMemberEntry(ringID: ring(2, 5), aru: 8, highDelivered: 8, receivedFlag: 1),
            ])
        var built = CommitToken(sender: 2, tokenSeq: 2, ringID: ring(1, 9), addr: [1, 2])
        built.membIndex = 2
        built.members = token.members
        #expect(built.encode() == bytes)
    }

    @Test func initialOrfToken() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 00 00 01 00 00 00 00 00 00 02 00 00 00
            0010: 00 00 00 00 00 ff ff ff ff 01 00 00 00 01 00 00
            0020: 00 09 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            0030: 00 00 00 00 00 00 00 00 00
            """)
        #expect(bytes.count == 57)
        guard case .orfToken(let token) = try decodeGolden(bytes, layout: S.orfLayout(rtrCount: 0)) else {
            Issue.record("not an ORF token")
            return
        }
        #expect(token.header == TotemHeader(type: .orfToken, nodeID: 1, targetNodeID: 0x0200_0000))
        #expect(token.seq == 0)
        #expect(token.tokenSeq == 0)
        #expect(token.aru == 0xFFFF_FFFF)
        #expect(token.aruAddr == 1)
        #expect(token.ringID == ring(1, 9))
        #expect(token.backlog == 0)
        #expect(token.fcc == 0)
        #expect(token.retransFlag == 0)
        #expect(token.rtrList == [])
    }

    @Test func operationalOrfToken() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 00 00 02 00 00 00 00 00 00 02 01 00 00
            0010: 00 09 00 00 00 01 00 00 00 00 00 00 00 01 00 00
            0020: 00 09 00 00 00 00 00 00 00 01 00 00 00 01 00 00
            0030: 00 00 00 00 00 00 00 00 00
            """)
        guard case .orfToken(let token) = try decodeGolden(bytes, layout: S.orfLayout(rtrCount: 0)) else {
            Issue.record("not an ORF token")
            return
        }
        #expect(token.header.nodeID == 2)
        #expect(token.header.targetNodeID == 0x0200_0000)
        #expect(token.seq == 1)
        #expect(token.tokenSeq == 9)
        #expect(token.aru == 1)
        #expect(token.aruAddr == 0)
        #expect(token.ringID == ring(1, 9))
        #expect(token.backlog == 1)
        #expect(token.fcc == 1)
        #expect(token.retransFlag == 0)
        #expect(token.rtrList.isEmpty)
    }

    @Test func orfTokenWithOneRetransmitRequest() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 00 00 03 00 00 00 00 00 00 02 16 00 00
            0010: 00 aa 00 00 00 15 00 00 00 03 00 00 00 01 00 00
            0020: 00 23 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            0030: 00 00 00 00 00 01 00 00 00 01 00 00 00 23 00 00
            0040: 00 00 00 00 00 16 00 00 00
            """)
        #expect(bytes.count == 73)
        guard case .orfToken(let token) = try decodeGolden(bytes, layout: S.orfLayout(rtrCount: 1)) else {
            Issue.record("not an ORF token")
            return
        }
        #expect(token.header.nodeID == 3)
        #expect(token.seq == 22)
        #expect(token.tokenSeq == 170)
        #expect(token.aru == 21)
        #expect(token.aruAddr == 3)
        #expect(token.ringID == ring(1, 0x23))
        #expect(token.backlog == 0)
        #expect(token.fcc == 0)
        #expect(token.retransFlag == 0)
        #expect(token.rtrList == [RetransmitItem(ringID: ring(1, 0x23), seq: 22)])
    }

    @Test func mergeDetectKeepsGarbageTarget() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 02 00 01 00 00 00 1e 3a 26 23 01 00 00
            0010: 00 01 00 00 00 05 00 00 00 00 00 00 00
            """)
        #expect(bytes.count == 29)
        guard case .mergeDetect(let detect) = try decodeGolden(bytes, layout: S.mergeDetectLayout) else {
            Issue.record("not a merge detect")
            return
        }
        #expect(detect.header == TotemHeader(type: .mergeDetect, nodeID: 1, targetNodeID: 0x2326_3A1E))
        #expect(detect.systemFrom == 1)
        #expect(detect.ringID == ring(1, 5))
    }

    @Test func tokenHoldCancel() throws {
        let bytes = S.hex(
            """
            0000: 70 c0 03 05 00 02 00 00 00 00 00 00 00 01 00 00
            0010: 00 09 00 00 00 00 00 00 00
            """)
        #expect(bytes.count == 25)
        guard case .tokenHoldCancel(let cancel) = try decodeGolden(bytes, layout: S.holdCancelLayout) else {
            Issue.record("not a hold cancel")
            return
        }
        #expect(cancel.header == TotemHeader(type: .tokenHoldCancel, nodeID: 2))
        #expect(cancel.ringID == ring(1, 9))
        #expect(TokenHoldCancel(sender: 2, ringID: ring(1, 9)).encode() == bytes)
    }
}
