import Testing
import Totem

/// Seeded property test: random message mixes from several senders, packed by one
/// ``FramePacker`` per sender, flushed at random "token" moments, interleaved in a random
/// delivery order and reassembled by one ``FrameAssembler``, come out exactly as submitted.
@Suite struct FramingRoundTripTests {
    struct Submitted: Equatable {
        var groups: [[UInt8]]
        var payload: [UInt8]
        var guarantee: Guarantee
    }

    static let budgets: [NodeID: Int] = [1: 1410, 2: 1410, 3: 200, 4: 9000]

    static func randomMessage(_ rng: inout WireTestGenerator, index: Int) -> Submitted {
        let groups = (0...rng.below(3)).map { _ in rng.bytes(rng.below(9)) }
        let headerSize = GroupHeader(groups: groups).encodedSize
        let size: Int
        switch rng.below(100) {
        case 0..<70: size = rng.below(64)
        case 70..<90: size = 64 + rng.below(4000)
        case 90..<98: size = 4000 + rng.below(70_000)
        default: size = FramePacker.maxMessageSize - headerSize - rng.below(2)
        }
        // Every run carries at least one message of exactly 1 MiB with its group header.
        let payloadSize = index == 7 ? FramePacker.maxMessageSize - headerSize : size
        return Submitted(groups: groups, payload: rng.bytes(payloadSize), guarantee: rng.below(4) == 0 ? .safe : .agreed)
    }

    @Test(arguments: [0x5EED_0001, 0x5EED_0002, 0x5EED_0003] as [UInt64])
    func randomMixesRoundTrip(seed: UInt64) throws {
        var rng = WireTestGenerator(seed: seed)
        let senders = Self.budgets.keys.sorted()
        var packers = Dictionary(uniqueKeysWithValues: senders.map { ($0, FramePacker(budget: Self.budgets[$0]!)) })
        var expected: [NodeID: [Submitted]] = [:]
        var outgoing: [NodeID: [FramedPacket]] = [:]
        for index in 0..<300 {
            let sender = senders[rng.below(senders.count)]
            let message = Self.randomMessage(&rng, index: index)
            try packers[sender]!.append(message.payload, groups: message.groups, guarantee: message.guarantee)
            expected[sender, default: []].append(message)
            if rng.below(5) == 0 {
                let flushed = senders[rng.below(senders.count)]
                outgoing[flushed, default: []] += packers[flushed]!.takePackets()
                #expect(packers[flushed]!.pendingPacketCount == 0)
            }
        }
        for sender in senders { outgoing[sender, default: []] += packers[sender]!.takePackets() }

        var assembler = FrameAssembler()
        var received: [NodeID: [Submitted]] = [:]
        var cursors = [NodeID: Int]()
        var packetCount = 0
        while let sender = senders.filter({ cursors[$0, default: 0] < outgoing[$0, default: []].count }).randomElement(using: &rng) {
            let packet = outgoing[sender]![cursors[sender, default: 0]]
            cursors[sender, default: 0] += 1
            packetCount += 1
            #expect(packet.bytes.count <= Self.budgets[sender]!)
            let result = assembler.receive(packet.bytes, from: sender, swapped: false)
            #expect(result.drops.isEmpty, "SEED=\(seed) sender \(sender) packet \(cursors[sender]!): \(result.drops)")
            for message in result.messages {
                #expect(message.sender == sender)
                received[sender, default: []].append(
                    Submitted(groups: message.groups, payload: message.payload, guarantee: packet.guarantee))
            }
        }
        #expect(assembler.sendersWithPendingFragments.isEmpty)
        for sender in senders {
            let got = received[sender, default: []]
            let want = expected[sender, default: []]
            #expect(got.count == want.count, "SEED=\(seed) sender \(sender)")
            #expect(got == want, "SEED=\(seed) sender \(sender)")
        }
        #expect(expected.values.joined().contains { $0.payload.count + GroupHeader(groups: $0.groups).encodedSize == FramePacker.maxMessageSize })
        #expect(packetCount > 300)
    }
}
