import Testing
import Totem

/// Malformed datagrams: each maps to one specific ``WireError``, never a trap.
@Suite struct WireMalformedTests {
    typealias S = WireTestSupport

    static let ring19 = RingID(rep: 1, seq: 9)

    /// One valid datagram of every type (and the size below which each is truncated).
    static let samples: [(name: String, bytes: [UInt8], minimum: Int)] = {
        var commit = CommitToken(sender: 1, tokenSeq: 1, ringID: ring19, addr: [1, 2, 3])
        commit.membIndex = 1
        commit.members[0] = CommitMemberEntry(ringID: RingID(rep: 1, seq: 5), aru: 8, highDelivered: 8, receivedFlag: 1)
        let rtr = (0..<3).map { RetransmitItem(ringID: ring19, seq: UInt32(20 + $0)) }
        let orf = OrfToken(sender: 3, seq: 22, tokenSeq: 170, aru: 21, aruAddr: 3, ringID: ring19, rtrList: rtr)
        let join = Join(sender: 3, ringSeq: 0x2C, procList: [1, 2, 3], failedList: [2])
        let mcast = Mcast(sender: 2, seq: 1, thisSeqno: 8, ringID: ring19, payload: [1, 2, 3])
        return [
            ("orf", orf.encode(), 57 + 48),
            ("mcast", mcast.encode(), 45),
            ("merge detect", MergeDetect(sender: 1, ringID: ring19).encode(), 29),
            ("join", join.encode(), 49),
            ("commit", commit.encode(), 41 + 84),
            ("hold cancel", TokenHoldCancel(sender: 2, ringID: ring19).encode(), 25),
        ]
    }()

    @Test(arguments: samples.indices)
    func truncatedAtEveryLength(_ index: Int) throws {
        let (name, bytes, minimum) = Self.samples[index]
        #expect(bytes.count >= minimum)
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            if length >= minimum {
                #expect(throws: Never.self, "\(name) at \(length)") { try TotemMessage.decode(prefix) }
                continue
            }
            do {
                let message = try TotemMessage.decode(prefix)
                Issue.record("\(name) truncated to \(length) bytes decoded as \(message)")
            } catch {
                guard case .truncated(let offset, let needed, let available) = error else {
                    Issue.record("\(name) truncated to \(length): \(error)")
                    continue
                }
                #expect(offset + available == length, "\(name) at \(length): \(error)")
                #expect(needed > available, "\(name) at \(length): \(error)")
            }
        }
    }

    @Test func wrongMagic() {
        var bytes = TokenHoldCancel(sender: 2, ringID: Self.ring19).encode()
        bytes[0] = 0x71
        #expect(throws: WireError.badMagic(0xC071)) { try TotemMessage.decode(bytes) }
        bytes[0...1] = [0xFF, 0xFF]
        #expect(throws: WireError.badMagic(0xFFFF)) { try TotemMessage.decode(bytes) }
        bytes[0...1] = [0xFE, 0xFE]
        #expect(throws: WireError.badMagic(0xFEFE)) { try TotemMessage.decode(bytes) }
    }

    @Test func wrongVersion() {
        for version: UInt8 in [0, 2, 4, 0xFF] {
            var bytes = MergeDetect(sender: 1, ringID: Self.ring19).encode()
            bytes[2] = version
            #expect(throws: WireError.unsupportedVersion(version)) { try TotemMessage.decode(bytes) }
        }
    }

    @Test func unknownType() {
        for type: UInt8 in [6, 7, 0x80, 0xFF] {
            var bytes = MergeDetect(sender: 1, ringID: Self.ring19).encode()
            bytes[3] = type
            #expect(throws: WireError.unknownMessageType(type)) { try TotemMessage.decode(bytes) }
        }
    }

    @Test func mcastEncapsulationMustBeOneOrTwo() {
        for value: UInt8 in [0, 3, 0xFF] {
            var bytes = Mcast(sender: 2, seq: 1, thisSeqno: 1, ringID: Self.ring19, payload: []).encode()
            bytes[4] = value
            #expect(throws: WireError.invalidField(field: "encapsulated", value: Int64(value))) {
                try TotemMessage.decode(bytes)
            }
        }
    }

    /// Writes a little-endian u32 at `offset`.
    func put(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    @Test func countsThatOverrunTheDatagram() {
        var join = Join(sender: 3, ringSeq: 1, procList: [3], failedList: []).encode()
        put(3, at: 17, in: &join)
        #expect(throws: WireError.truncated(offset: 33, needed: 12, available: 4)) { try TotemMessage.decode(join) }
        put(1, at: 17, in: &join)
        put(1, at: 21, in: &join)
        #expect(throws: WireError.truncated(offset: 33, needed: 8, available: 4)) { try TotemMessage.decode(join) }

        var orf = OrfToken(
            sender: 1, seq: 2, tokenSeq: 3, aru: 1, aruAddr: 1, ringID: Self.ring19,
            rtrList: [RetransmitItem(ringID: Self.ring19, seq: 2)]
        ).encode()
        put(2, at: 53, in: &orf)
        #expect(throws: WireError.truncated(offset: 57, needed: 32, available: 16)) { try TotemMessage.decode(orf) }

        var commit = CommitToken(sender: 1, tokenSeq: 1, ringID: Self.ring19, addr: [1, 2]).encode()
        put(3, at: 37, in: &commit)
        #expect(throws: WireError.truncated(offset: 41, needed: 84, available: 56)) { try TotemMessage.decode(commit) }
    }

    @Test func retransmitListLongerThan30() throws {
        let items = (0..<31).map { RetransmitItem(ringID: Self.ring19, seq: UInt32($0)) }
        let bytes = OrfToken(sender: 1, seq: 40, tokenSeq: 3, aru: 0, aruAddr: 1, ringID: Self.ring19, rtrList: items).encode()
        #expect(throws: WireError.countOutOfRange(field: "rtr_list_entries", value: 31, limit: 30)) {
            try TotemMessage.decode(bytes)
        }
        let swapped = S.byteSwapped(bytes, S.orfLayout(rtrCount: 31))
        #expect(throws: WireError.countOutOfRange(field: "rtr_list_entries", value: 31, limit: 30)) {
            try TotemMessage.decode(swapped)
        }
        var negative = OrfToken(sender: 1, seq: 1, tokenSeq: 1, aru: 1, aruAddr: 0, ringID: Self.ring19).encode()
        put(UInt32.max, at: 53, in: &negative)
        #expect(throws: WireError.countOutOfRange(field: "rtr_list_entries", value: -1, limit: 30)) {
            try TotemMessage.decode(negative)
        }
        let thirty = OrfToken(
            sender: 1, seq: 40, tokenSeq: 3, aru: 0, aruAddr: 1, ringID: Self.ring19, rtrList: Array(items.prefix(30)))
        #expect(try TotemMessage.decode(thirty.encode()) == .orfToken(thirty))
    }

    @Test func joinListsLongerThan384() throws {
        let many = (1...385).map { NodeID(UInt32($0)) }
        let procOver = Join(sender: 1, ringSeq: 1, procList: many, failedList: []).encode()
        #expect(throws: WireError.countOutOfRange(field: "proc_list_entries", value: 385, limit: 384)) {
            try TotemMessage.decode(procOver)
        }
        let failedOver = Join(sender: 1, ringSeq: 1, procList: [1], failedList: many).encode()
        #expect(throws: WireError.countOutOfRange(field: "failed_list_entries", value: 385, limit: 384)) {
            try TotemMessage.decode(failedOver)
        }
        var huge = Join(sender: 1, ringSeq: 1, procList: [1], failedList: []).encode()
        put(UInt32.max, at: 17, in: &huge)
        #expect(throws: WireError.countOutOfRange(field: "proc_list_entries", value: 0xFFFF_FFFF, limit: 384)) {
            try TotemMessage.decode(huge)
        }
        let full = Join(sender: 1, ringSeq: 1, procList: Array(many.prefix(384)), failedList: Array(many.prefix(384)))
        #expect(try TotemMessage.decode(full.encode()) == .join(full))
    }

    @Test func commitTokenMembershipOutOfRange() throws {
        let many = (1...385).map { NodeID(UInt32($0)) }
        let over = CommitToken(sender: 1, tokenSeq: 1, ringID: Self.ring19, addr: many).encode()
        #expect(throws: WireError.countOutOfRange(field: "addr_entries", value: 385, limit: 384)) {
            try TotemMessage.decode(over)
        }
        var negative = CommitToken(sender: 1, tokenSeq: 1, ringID: Self.ring19, addr: [1]).encode()
        put(UInt32.max, at: 37, in: &negative)
        #expect(throws: WireError.countOutOfRange(field: "addr_entries", value: -1, limit: 384)) {
            try TotemMessage.decode(negative)
        }
        for index: Int32 in [3, -1, .max] {
            var token = CommitToken(sender: 1, tokenSeq: 1, ringID: Self.ring19, addr: [1, 2])
            token.membIndex = index
            #expect(throws: WireError.invalidField(field: "memb_index", value: Int64(index))) {
                try TotemMessage.decode(token.encode())
            }
        }
        let full = CommitToken(sender: 1, tokenSeq: 1, ringID: Self.ring19, addr: Array(many.prefix(384)))
        #expect(full.encode().count == 10_793)
        #expect(try TotemMessage.decode(full.encode()) == .commitToken(full))
    }

    @Test func oversizedTokenAndMcast() {
        let token = OrfToken(sender: 1, seq: 1, tokenSeq: 1, aru: 1, aruAddr: 0, ringID: Self.ring19).encode()
        let limit = token + Array(repeating: 0, count: 1500 - token.count)
        #expect(throws: Never.self) { try TotemMessage.decode(limit) }
        #expect(throws: WireError.oversized(size: 1501, limit: 1500)) { try TotemMessage.decode(limit + [0]) }

        let mcast = Mcast(sender: 1, seq: 1, thisSeqno: 1, ringID: Self.ring19, payload: Array(repeating: 7, count: 65_536 - 45))
        #expect(throws: Never.self) { try TotemMessage.decode(mcast.encode()) }
        #expect(throws: WireError.oversized(size: 65_537, limit: 65_536)) { try TotemMessage.decode(mcast.encode() + [0]) }
    }
}
