import Testing
import Totem

/// Malformed totempg packets, group headers and service headers: specific ``WireError``s.
@Suite struct TotemPGMalformedTests {
    static let packet = TotemPGPacket(fragmented: 3, continuation: 2, pieces: [[1, 2, 3], [], [4, 5, 6, 7, 8]]).encode()

    @Test func packetTruncatedAtEveryLength() {
        #expect(Self.packet.count == 8 + 6 + 8)
        for length in 0..<Self.packet.count {
            do {
                let decoded = try TotemPGPacket.decode(Array(Self.packet.prefix(length)))
                Issue.record("prefix of \(length) bytes decoded as \(decoded)")
            } catch {
                guard case .truncated(let offset, let needed, let available) = error else {
                    Issue.record("prefix of \(length): \(error)")
                    continue
                }
                #expect(offset + available == length)
                #expect(needed > available)
            }
        }
        #expect(throws: Never.self) { try TotemPGPacket.decode(Self.packet) }
    }

    @Test func packetLongerThanItsPiecesIsRejected() {
        #expect(throws: WireError.trailingBytes(count: 1)) { try TotemPGPacket.decode(Self.packet + [0]) }
        #expect(throws: WireError.trailingBytes(count: 5)) {
            try TotemPGPacket.decode(TotemPGPacket(pieces: []).encode() + [1, 2, 3, 4, 5])
        }
    }

    @Test func versionAndTypeMustBeZero() {
        var bytes = Self.packet
        bytes[0] = 1
        #expect(throws: WireError.invalidField(field: "totempg version", value: 1)) { try TotemPGPacket.decode(bytes) }
        #expect(throws: WireError.invalidField(field: "totempg version", value: 256)) {
            try TotemPGPacket.decode(bytes, swapped: true)
        }
        bytes = Self.packet
        bytes[3] = 0x80
        #expect(throws: WireError.invalidField(field: "totempg type", value: -32768)) { try TotemPGPacket.decode(bytes) }
    }

    @Test func emptyPacketCannotClaimAFragment() throws {
        #expect(throws: WireError.invalidField(field: "fragmented", value: 4)) {
            try TotemPGPacket.decode([0, 0, 0, 0, 4, 0, 0, 0])
        }
        #expect(throws: WireError.invalidField(field: "continuation", value: 9)) {
            try TotemPGPacket.decode([0, 0, 0, 0, 0, 9, 0, 0])
        }
        #expect(try TotemPGPacket.decode([0, 0, 0, 0, 0, 0, 0, 0]) == TotemPGPacket(pieces: []))
    }

    @Test func countAndLengthsThatOverrunThePacket() {
        var bytes = Self.packet
        bytes[6] = 0xFF
        #expect(throws: WireError.truncated(offset: 8, needed: 2 * 255, available: 14)) { try TotemPGPacket.decode(bytes) }
        bytes = Self.packet
        bytes[8] = 0xFF
        #expect(throws: WireError.truncated(offset: 14, needed: 255 + 5, available: 8)) { try TotemPGPacket.decode(bytes) }
        // The same length table read with the other byte order asks for far more.
        #expect(throws: WireError.truncated(offset: 8, needed: 2 * 0x300, available: 14)) {
            try TotemPGPacket.decode(Self.packet, swapped: true)
        }
    }

    @Test func groupHeaderOverruns() throws {
        #expect(throws: WireError.truncated(offset: 0, needed: 2, available: 1)) { try GroupHeader.decode([1]) }
        #expect(throws: WireError.truncated(offset: 2, needed: 4, available: 2)) { try GroupHeader.decode([2, 0, 1, 0]) }
        #expect(throws: WireError.truncated(offset: 4, needed: 5, available: 4)) {
            try GroupHeader.decode([1, 0, 5, 0, 0x73, 0x79, 0x6E, 0x63])
        }
        let (header, payload) = try GroupHeader.decode([0, 0, 9])
        #expect(header.groups.isEmpty)
        #expect(payload == [9])
        let encoded = GroupHeader(groups: [[0x61], [], GroupHeader.sync]).encode()
        for length in 0..<encoded.count {
            #expect(throws: WireError.self) { try GroupHeader.decode(Array(encoded.prefix(length))) }
        }
    }

    @Test func serviceHeaderNeedsSixteenBytes() {
        for length in 0..<ServiceHeader.size {
            #expect(throws: WireError.truncated(offset: 0, needed: 16, available: length)) {
                try ServiceHeader.decode(Array(repeating: 0, count: length))
            }
        }
    }
}
