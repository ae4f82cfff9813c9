import Testing
import Totem

/// ``FrameAssembler``: reassembly, resynchronisation after broken chains, limits, resets.
@Suite struct FramingAssemblerTests {
    static let a = GroupHeader.services

    /// A packet from pieces; each piece given as an already group-addressed message or chunk.
    func packet(_ fragmented: UInt8, _ continuation: UInt8, _ pieces: [[UInt8]]) -> [UInt8] {
        TotemPGPacket(fragmented: fragmented, continuation: continuation, pieces: pieces).encode()
    }

    /// `payload` addressed to group "a".
    func inA(_ payload: [UInt8]) -> [UInt8] { GroupHeader(groups: [Self.a]).encode() + payload }

    func message(_ payload: [UInt8], from sender: NodeID = 1, swapped: Bool = false) -> AssembledMessage {
        AssembledMessage(sender: sender, groups: [Self.a], payload: payload, swapped: swapped)
    }

    @Test func fragmentsAndPackedMessagesAreDeliveredInOrder() {
        var assembler = FrameAssembler()
        let whole = inA([1, 2, 3, 4, 5, 6])
        var result = assembler.receive(packet(1, 0, [inA([9]), Array(whole[0..<4])]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(messages: [message([9])]))
        #expect(assembler.sendersWithPendingFragments == [1])
        result = assembler.receive(packet(2, 1, [Array(whole[4..<7])]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult())
        result = assembler.receive(packet(0, 2, [Array(whole[7...]), inA([7])]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(messages: [message([1, 2, 3, 4, 5, 6]), message([7])]))
        #expect(assembler.sendersWithPendingFragments.isEmpty)
    }

    @Test func continuationMismatchDropsTheBrokenMessageAndKeepsTheRest() {
        var assembler = FrameAssembler()
        _ = assembler.receive(packet(1, 0, [inA([1, 1])]), from: 1, swapped: false)
        let result = assembler.receive(packet(0, 2, [[0xEE, 0xEE], inA([2]), inA([3])]), from: 1, swapped: false)
        #expect(result.drops == [.continuationMismatch(expected: 1, received: 2)])
        #expect(result.messages == [message([2]), message([3])])
        #expect(assembler.sendersWithPendingFragments.isEmpty)
    }

    @Test func freshPacketWhileAMessageIsPendingDropsThePendingBytes() {
        var assembler = FrameAssembler()
        _ = assembler.receive(packet(5, 0, [inA([1, 1])]), from: 1, swapped: false)
        let result = assembler.receive(packet(0, 0, [inA([2])]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(messages: [message([2])], drops: [.continuationMismatch(expected: 5, received: 0)]))
    }

    @Test func continuationOfAnUnknownChainIsDiscardedUntilTheChainEnds() {
        var assembler = FrameAssembler()
        var result = assembler.receive(packet(8, 7, [[0xEE]]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(drops: [.continuationMismatch(expected: 0, received: 7)]))
        result = assembler.receive(packet(9, 8, [[0xEE]]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(drops: [.fragmentOfDroppedMessage(continuation: 8)]))
        result = assembler.receive(packet(10, 9, [[0xEE], inA([4]), Array(inA([5, 5])[0..<3])]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(messages: [message([4])], drops: [.fragmentOfDroppedMessage(continuation: 9)]))
        result = assembler.receive(packet(0, 10, [Array(inA([5, 5])[3...])]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(messages: [message([5, 5])]))
    }

    @Test func malformedPacketKeepsThePendingMessage() {
        var assembler = FrameAssembler()
        let whole = inA([1, 2, 3])
        _ = assembler.receive(packet(1, 0, [Array(whole[0..<5])]), from: 1, swapped: false)
        var result = assembler.receive(packet(0, 1, [Array(whole[5...])]) + [0], from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(drops: [.malformedPacket(.trailingBytes(count: 1))]))
        result = assembler.receive([0, 0], from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(drops: [.malformedPacket(.truncated(offset: 2, needed: 2, available: 0))]))
        result = assembler.receive(packet(0, 0, []), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult())
        result = assembler.receive(packet(0, 1, [Array(whole[5...])]), from: 1, swapped: false)
        #expect(result == FrameAssemblyResult(messages: [message([1, 2, 3])]))
    }

    @Test func malformedGroupHeaderDropsOnlyThatMessage() {
        var assembler = FrameAssembler()
        let result = assembler.receive(packet(0, 0, [inA([1]), [3, 0, 1, 0], inA([2])]), from: 4, swapped: false)
        #expect(result.messages == [message([1], from: 4), message([2], from: 4)])
        #expect(result.drops == [.malformedGroupHeader(.truncated(offset: 2, needed: 6, available: 2))])
    }

    @Test func sendersAreReassembledIndependently() {
        var assembler = FrameAssembler()
        let one = inA(Array(repeating: 1, count: 20))
        let two = inA(Array(repeating: 2, count: 20))
        #expect(assembler.receive(packet(1, 0, [Array(one[0..<10])]), from: 1, swapped: false) == FrameAssemblyResult())
        #expect(assembler.receive(packet(1, 0, [Array(two[0..<10])]), from: 2, swapped: false) == FrameAssemblyResult())
        #expect(assembler.receive(packet(0, 1, [Array(two[10...])]), from: 2, swapped: false).messages
            == [message(Array(repeating: 2, count: 20), from: 2)])
        #expect(assembler.receive(packet(0, 1, [Array(one[10...])]), from: 1, swapped: false).messages
            == [message(Array(repeating: 1, count: 20), from: 1)])
    }

    @Test func resetAndForgetDropPendingMessages() {
        var assembler = FrameAssembler()
        _ = assembler.receive(packet(1, 0, [inA([1])]), from: 1, swapped: false)
        _ = assembler.receive(packet(3, 0, [inA([2])]), from: 2, swapped: false)
        _ = assembler.receive(packet(4, 0, [inA([3])]), from: 3, swapped: false)
        assembler.forget(2)
        #expect(assembler.sendersWithPendingFragments == [1, 3])
        #expect(assembler.receive(packet(0, 3, [[9]]), from: 2, swapped: false).drops
            == [.continuationMismatch(expected: 0, received: 3)])
        #expect(assembler.receive(packet(0, 1, [[9]]), from: 1, swapped: false).messages == [message([1, 9])])
        #expect(assembler != FrameAssembler())
        assembler.reset()
        #expect(assembler.sendersWithPendingFragments.isEmpty)
        #expect(assembler == FrameAssembler())
        #expect(assembler.receive(packet(0, 4, [[9]]), from: 3, swapped: false).drops
            == [.continuationMismatch(expected: 0, received: 4)])
    }

    @Test func bigEndianPacketsAndGroupHeaders() {
        typealias S = WireTestSupport
        let groups: [[UInt8]] = [Self.a, GroupHeader.sync]
        let piece = GroupHeader(groups: groups).encode() + [0, 0, 0, 1]
        let swappedPiece = S.byteSwapped(piece, S.groupLayout(groups: 2))
        let bytes = S.byteSwapped(packet(0, 0, [swappedPiece, swappedPiece]), S.totempgLayout(pieces: 2))
        var assembler = FrameAssembler()
        let result = assembler.receive(bytes, from: 6, swapped: true)
        let expected = AssembledMessage(sender: 6, groups: groups, payload: [0, 0, 0, 1], swapped: true)
        #expect(result == FrameAssemblyResult(messages: [expected, expected]))
        #expect(assembler.receive(bytes, from: 6, swapped: false).drops.count == 1)
    }

    /// Feeds `whole` as a chain of single-piece packets of at most `chunk` bytes.
    func feed(_ whole: [UInt8], chunk: Int, to assembler: inout FrameAssembler) -> FrameAssemblyResult {
        var total = FrameAssemblyResult()
        var fragment: UInt8 = 1
        var continuation: UInt8 = 0
        var offset = 0
        while offset < whole.count {
            let end = min(offset + chunk, whole.count)
            let last = end == whole.count
            let result = assembler.receive(
                packet(last ? 0 : fragment, continuation, [Array(whole[offset..<end])]), from: 1, swapped: false)
            total.messages += result.messages
            total.drops += result.drops
            offset = end
            continuation = fragment
            fragment &+= 1
        }
        return total
    }

    @Test func reassemblyLimitIsOneMebibytePlusSlack() {
        let limit = FrameAssembler.maxAssembledSize
        #expect(limit == 1_114_112)
        var assembler = FrameAssembler()
        let atLimit = feed(inA(Array(repeating: 0x42, count: limit - 5)), chunk: 60_000, to: &assembler)
        #expect(atLimit.drops.isEmpty)
        #expect(atLimit.messages.map(\.payload.count) == [limit - 5])

        let oneOver = feed(inA(Array(repeating: 0x42, count: limit - 4)), chunk: 60_000, to: &assembler)
        #expect(oneOver == FrameAssemblyResult(drops: [.messageTooLarge(size: limit + 1, limit: limit)]))
        #expect(assembler.sendersWithPendingFragments.isEmpty)

        // Exceeded mid-chain: the rest of the chain is discarded, then a fresh message gets through.
        let longer = feed(inA(Array(repeating: 0x43, count: limit + 120_000)), chunk: 60_000, to: &assembler)
        #expect(longer == FrameAssemblyResult(drops: [
            .messageTooLarge(size: 19 * 60_000, limit: limit),
            .fragmentOfDroppedMessage(continuation: 19), .fragmentOfDroppedMessage(continuation: 20),
        ]))
        #expect(assembler.receive(packet(0, 0, [inA([1])]), from: 1, swapped: false).messages == [message([1])])
    }
}
