import Testing
import Totem

/// ``FramePacker``: packing, fragmentation at every budget edge, the fragment counter,
/// guarantee boundaries and refused messages.
@Suite struct FramingPackerTests {
    static let a = GroupHeader.services

    /// A message of `size` bytes including the 5-byte group header of group "a".
    func message(totalSize size: Int, fill: UInt8 = 0x5A) -> [UInt8] {
        Array(repeating: fill, count: size - 5)
    }

    func decode(_ packets: [FramedPacket]) throws -> [TotemPGPacket] {
        try packets.map { try TotemPGPacket.decode($0.bytes) }
    }

    @Test func capturedCpgMessageFragmentsAsCorosyncDoes() throws {
        var packer = FramePacker()
        try packer.append(Array(repeating: 1, count: 3184), groups: [Self.a], guarantee: .agreed)
        #expect(packer.pendingPacketCount == 3)
        let packets = packer.takePackets()
        #expect(packets.map(\.bytes.count) == [1410, 1410, 399])
        #expect(packets.allSatisfy { $0.guarantee == .agreed })
        let decoded = try decode(packets)
        #expect(decoded.map(\.fragmented) == [1, 2, 0])
        #expect(decoded.map(\.continuation) == [0, 1, 2])
        #expect(decoded.map { $0.pieces.map(\.count) } == [[1400], [1400], [389]])
        #expect(packer.pendingPacketCount == 0)
        #expect(packer.takePackets().isEmpty)
    }

    @Test func smallMessagesShareOnePacket() throws {
        var packer = FramePacker()
        try packer.append([1, 2, 3], groups: [Self.a], guarantee: .agreed)
        try packer.append([], groups: [GroupHeader.sync], guarantee: .agreed)
        try packer.append([9], groups: [Self.a, GroupHeader.sync], guarantee: .agreed)
        #expect(packer.pendingPacketCount == 1)
        let packets = packer.takePackets()
        #expect(packets.count == 1)
        #expect(try decode(packets) == [TotemPGPacket(pieces: [
            [1, 0, 1, 0, 0x61, 1, 2, 3],
            [1, 0, 4, 0, 0x73, 0x79, 0x6E, 0x63],
            [2, 0, 1, 0, 4, 0, 0x61, 0x73, 0x79, 0x6E, 0x63, 9],
        ])])
    }

    @Test func messageExactlyFillingAnEmptyPacketIsNotFragmented() throws {
        var packer = FramePacker()
        try packer.append(message(totalSize: 1400), groups: [Self.a], guarantee: .agreed)
        try packer.append(message(totalSize: 6), groups: [Self.a], guarantee: .agreed)
        let decoded = try decode(packer.takePackets())
        #expect(decoded.map { $0.pieces.map(\.count) } == [[1400], [6]])
        #expect(decoded.map(\.fragmented) == [0, 0])
        #expect(decoded.map(\.continuation) == [0, 0])
    }

    @Test func oneByteOverAnEmptyPacketFragmentsOneByte() throws {
        var packer = FramePacker()
        try packer.append(message(totalSize: 1401), groups: [Self.a], guarantee: .agreed)
        let decoded = try decode(packer.takePackets())
        #expect(decoded.map { $0.pieces.map(\.count) } == [[1400], [1]])
        #expect(decoded.map(\.fragmented) == [1, 0])
        #expect(decoded.map(\.continuation) == [0, 1])
    }

    @Test func messageExactlyFillingTheRemainingSpace() throws {
        // 8 + 2·2 + 100 + 1298 = 1410.
        var packer = FramePacker()
        try packer.append(message(totalSize: 100), groups: [Self.a], guarantee: .agreed)
        try packer.append(message(totalSize: 1298), groups: [Self.a], guarantee: .agreed)
        #expect(packer.pendingPacketCount == 1)
        try packer.append(message(totalSize: 10), groups: [Self.a], guarantee: .agreed)
        #expect(packer.pendingPacketCount == 2)
        let packets = packer.takePackets()
        #expect(packets.map(\.bytes.count) == [1410, 20])
        #expect(try decode(packets).map(\.fragmented) == [0, 0])
    }

    @Test func oneByteOverTheRemainingSpace() throws {
        var packer = FramePacker()
        try packer.append(message(totalSize: 100), groups: [Self.a], guarantee: .agreed)
        try packer.append(message(totalSize: 1299), groups: [Self.a], guarantee: .agreed)
        let decoded = try decode(packer.takePackets())
        #expect(decoded.map { $0.pieces.map(\.count) } == [[100, 1298], [1]])
        #expect(decoded.map(\.fragmented) == [1, 0])
        #expect(decoded.map(\.continuation) == [0, 1])
    }

    @Test func spaceForALengthButNoDataClosesThePacket() throws {
        // 8 + 2 + 1398 = 1408: a second piece would have 0 data bytes, so a new packet starts.
        var packer = FramePacker()
        try packer.append(message(totalSize: 1398), groups: [Self.a], guarantee: .agreed)
        try packer.append(message(totalSize: 50), groups: [Self.a], guarantee: .agreed)
        let decoded = try decode(packer.takePackets())
        #expect(decoded.map { $0.pieces.map(\.count) } == [[1398], [50]])
        #expect(decoded.map(\.fragmented) == [0, 0])
        // 1407: one data byte fits, so the next message starts there as a fragment.
        try packer.append(message(totalSize: 1397), groups: [Self.a], guarantee: .agreed)
        try packer.append(message(totalSize: 50), groups: [Self.a], guarantee: .agreed)
        let next = try decode(packer.takePackets())
        #expect(next.map { $0.pieces.map(\.count) } == [[1397, 1], [49]])
        #expect(next.map(\.fragmented) == [1, 0])
        #expect(next.map(\.continuation) == [0, 1])
    }

    @Test func everyPacketStaysWithinSmallBudgets() throws {
        for budget in [FramePacker.minBudget, 12, 13, 64, 1410, FramePacker.maxBudget] {
            var packer = FramePacker(budget: budget)
            for size in [5, 6, 7, 40, 3000] { try packer.append(message(totalSize: size), groups: [Self.a], guarantee: .agreed) }
            let packets = packer.takePackets()
            #expect(packets.allSatisfy { $0.bytes.count <= budget }, "budget \(budget)")
            let decoded = try decode(packets)
            #expect(decoded.allSatisfy { $0.pieces.allSatisfy { !$0.isEmpty } }, "budget \(budget)")
            let total = decoded.reduce(0) { $0 + $1.pieces.reduce(0) { $0 + $1.count } }
            #expect(total == 3058, "budget \(budget)")
        }
    }

    @Test func fragmentCounterWrapsSkippingZero() throws {
        var packer = FramePacker()
        for _ in 0..<258 { try packer.append(message(totalSize: 2000), groups: [Self.a], guarantee: .agreed) }
        let decoded = try decode(packer.takePackets())
        let numbers = decoded.map(\.fragmented).filter { $0 != 0 }
        #expect(numbers.count > 258)
        #expect(numbers == numbers.indices.map { UInt8($0 % 255 + 1) })
        #expect(!decoded.contains { $0.fragmented == 0 && $0.continuation == 0 })
        for (previous, next) in zip(decoded, decoded.dropFirst()) {
            #expect(next.continuation == previous.fragmented)
        }
    }

    @Test func guaranteeChangeClosesThePacket() throws {
        var packer = FramePacker()
        try packer.append([1], groups: [Self.a], guarantee: .agreed)
        try packer.append([2], groups: [Self.a], guarantee: .agreed)
        try packer.append([3], groups: [Self.a], guarantee: .safe)
        try packer.append(message(totalSize: 2000), groups: [Self.a], guarantee: .safe)
        try packer.append([4], groups: [Self.a], guarantee: .agreed)
        let packets = packer.takePackets()
        #expect(packets.map(\.guarantee) == [.agreed, .safe, .safe, .agreed])
        let decoded = try decode(packets)
        #expect(decoded.map { $0.pieces.map(\.count) } == [[6, 6], [6, 1392], [608], [6]])
        #expect(decoded.map(\.fragmented) == [0, 1, 0, 0])
        #expect(decoded.map(\.continuation) == [0, 0, 1, 0])
    }

    @Test func oneMebibyteIsAcceptedAndOneByteMoreRefused() throws {
        var packer = FramePacker()
        try packer.append([7], groups: [Self.a], guarantee: .agreed)
        #expect(throws: FramingError.messageTooLarge(size: 1_048_577, limit: 1_048_576)) {
            try packer.append(message(totalSize: 1_048_577), groups: [Self.a], guarantee: .safe)
        }
        #expect(packer.pendingPacketCount == 1)
        try packer.append(message(totalSize: 1_048_576), groups: [Self.a], guarantee: .agreed)
        let packets = packer.takePackets()
        // 1392 bytes fit behind the first message, then 748 packets of at most 1400.
        #expect(packets.count == 749)
        #expect(try decode(packets).flatMap { $0.pieces.joined() }.count == 6 + 1_048_576)
    }

    @Test func equalPackersHaveEqualFutures() throws {
        var first = FramePacker()
        var second = FramePacker()
        #expect(first == second)
        try first.append(message(totalSize: 3000), groups: [Self.a], guarantee: .safe)
        #expect(first != second)
        _ = first.takePackets()
        #expect(first != second, "the fragment counter moved on")
        try second.append(message(totalSize: 3000, fill: 1), groups: [Self.a], guarantee: .safe)
        _ = second.takePackets()
        #expect(first == second)
        try first.append([1], groups: [Self.a], guarantee: .agreed)
        try second.append([1], groups: [Self.a], guarantee: .agreed)
        #expect(first == second)
        #expect(first.takePackets() == second.takePackets())
    }

    @Test func badGroupListsAreRefused() {
        var packer = FramePacker()
        #expect(throws: FramingError.noGroups) { try packer.append([1], groups: [], guarantee: .agreed) }
        #expect(throws: FramingError.tooManyGroups(count: 65_536, limit: 65_535)) {
            try packer.append([1], groups: Array(repeating: [], count: 65_536), guarantee: .agreed)
        }
        #expect(throws: FramingError.groupNameTooLong(index: 1, length: 65_536, limit: 65_535)) {
            try packer.append([1], groups: [Self.a, Array(repeating: 0x61, count: 65_536)], guarantee: .agreed)
        }
        #expect(packer.pendingPacketCount == 0)
        #expect(packer.takePackets().isEmpty)
    }
}
