import Testing
import Totem

/// Byte-order details corosync 3.1.7 has beyond "swap every field" (Docs/TotemWire.md §2).
@Suite struct WireEndianTests {
    typealias S = WireTestSupport

    /// corosync swaps a commit-token member entry only when its rep is non-zero, so the rest of
    /// an unfilled-but-dirty entry is read as it lies on the wire.
    @Test func commitEntryWithZeroRepIsNotSwapped() throws {
        var token = CommitToken(sender: 2, tokenSeq: 2, ringID: RingID(rep: 1, seq: 9), addr: [1, 2])
        token.membIndex = 1
        token.members[0] = CommitMemberEntry(ringID: RingID(rep: 1, seq: 5), aru: 8, highDelivered: 8, receivedFlag: 1)
        token.members[1] = CommitMemberEntry(
            ringID: RingID(rep: 0, seq: 0x0102), aru: 0x0304, highDelivered: 5, receivedFlag: 1)
        let little = token.encode()
        // Swap everything except the second entry, which corosync leaves alone.
        let layout = S.commitLayout(members: 2)
        let big = S.byteSwapped(little, Array(layout.prefix(layout.count - 5)))
        #expect(big[(41 + 8 + 24)...] == little[(41 + 8 + 24)...])
        #expect(try TotemMessage.decode(big) == .commitToken(token))

        // Had the sender swapped that entry too, we read it the way corosync does: unswapped.
        let allSwapped = S.byteSwapped(little, layout)
        guard case .commitToken(let decoded) = try TotemMessage.decode(allSwapped) else {
            Issue.record("not a commit token")
            return
        }
        #expect(decoded.members[0] == token.members[0])
        #expect(
            decoded.members[1]
                == CommitMemberEntry(
                    ringID: RingID(rep: 0, seq: UInt64(0x0102).byteSwapped), aru: UInt32(0x0304).byteSwapped,
                    highDelivered: UInt32(5).byteSwapped, receivedFlag: UInt32(1).byteSwapped))
    }

    /// target_nodeid is never converted: its raw bytes read the same in both byte orders.
    @Test func targetNodeIDIsNotSwapped() throws {
        let join = Join(sender: 3, ringSeq: 0x2C, procList: [1, 2, 3], failedList: [2])
        var bytes = join.encode()
        bytes.replaceSubrange(9..<13, with: [0xA4, 0x22, 0xD9, 0xA5])
        let big = S.byteSwapped(bytes, S.joinLayout(entries: 4))
        #expect(big[9..<13] == bytes[9..<13])
        #expect(try TotemMessage.decode(big).header.targetNodeID == 0xA5D9_22A4)
        #expect(try TotemMessage.decode(big) == TotemMessage.decode(bytes))
    }
}
