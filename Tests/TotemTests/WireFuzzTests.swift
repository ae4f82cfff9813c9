import Testing
import Totem

/// Random and mutated datagrams never trap; whatever decodes re-encodes and re-decodes to an
/// equal value. Seeded, so every run sees the same million inputs.
@Suite struct WireFuzzTests {
    static let seed: UInt64 = 0xC070_0003_7073_6E63
    static let iterations = 1_000_000

    /// Values that sit on the limits of the count fields, in both byte orders.
    static let interesting: [UInt32] = [
        0, 1, 2, 3, 29, 30, 31, 383, 384, 385, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF,
        0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1E00_0000, 0x8001_0000, 0xFFFF_FF00,
    ]

    struct Counters {
        var messages = 0
        var packets = 0
        var assembled = 0
        var failures = 0
    }

    @Test func randomAndMutatedDatagramsNeverTrap() {
        var rng = WireTestGenerator(seed: Self.seed)
        let templates = WireFuzzTemplate.all
        var assembler = FrameAssembler()
        var counters = Counters()
        let clock = ContinuousClock()
        let start = clock.now
        for iteration in 0..<Self.iterations {
            let input = Self.makeInput(&rng, templates: templates)
            check(input, swapped: rng.next() & 1 == 1, assembler: &assembler, counters: &counters)
            if counters.failures > 20 {
                Issue.record("stopping after \(counters.failures) failures at iteration \(iteration), SEED=\(Self.seed)")
                break
            }
            if iteration % 100_000 == 99_999 { assembler.reset() }
        }
        let elapsed = clock.now - start
        print("wire fuzz: \(Self.iterations) inputs in \(elapsed), \(counters.messages) totem messages, "
            + "\(counters.packets) totempg packets, \(counters.assembled) assembled messages decoded, SEED=\(Self.seed)")
        #expect(counters.failures == 0)
        // The mutations must reach the decoders' success paths, not only their first checks.
        #expect(counters.messages > Self.iterations / 10)
        #expect(counters.packets > Self.iterations / 50)
        #expect(counters.assembled > Self.iterations / 100)
    }

    func check(_ input: [UInt8], swapped: Bool, assembler: inout FrameAssembler, counters: inout Counters) {
        if let message = try? TotemMessage.decode(input) {
            counters.messages += 1
            let encoded = message.encode()
            let again = try? TotemMessage.decode(encoded)
            if again != message {
                counters.failures += 1
                Issue.record("round trip differs for \(input): \(message) vs \(String(describing: again))")
            }
            if case .mcast(let mcast) = message {
                let bigEndian = input[0] == 0xC0
                if !bigEndian, encoded != input {
                    counters.failures += 1
                    Issue.record("little-endian MCAST re-encodes differently: \(input)")
                }
                checkPacket(mcast.payload, from: NodeID(mcast.systemFrom.rawValue % 4), swapped: bigEndian,
                    assembler: &assembler, counters: &counters)
            }
        }
        checkPacket(input, from: NodeID(UInt32(input.count % 3)), swapped: swapped, assembler: &assembler, counters: &counters)
    }

    /// Decodes `input` as a totempg packet; on success checks the round trip and the group headers.
    /// Then the assembler gets it, as the framing layer would (its malformed-packet path is
    /// covered by the framing tests).
    func checkPacket(
        _ input: [UInt8], from sender: NodeID, swapped: Bool, assembler: inout FrameAssembler, counters: inout Counters
    ) {
        if let packet = try? TotemPGPacket.decode(input, swapped: swapped) {
            counters.packets += 1
            let encoded = packet.encode()
            if !swapped, encoded != input {
                counters.failures += 1
                Issue.record("totempg packet re-encodes differently: \(input)")
            }
            if (try? TotemPGPacket.decode(encoded)) != packet {
                counters.failures += 1
                Issue.record("totempg round trip differs for \(input)")
            }
            for piece in packet.pieces {
                guard let (header, payload) = try? GroupHeader.decode(piece, swapped: swapped) else { continue }
                if !swapped, header.encode() + payload != piece {
                    counters.failures += 1
                    Issue.record("group header re-encodes differently: \(piece)")
                }
                if let service = try? ServiceHeader.decode(payload, swapped: swapped),
                    (try? ServiceHeader.decode(service.encode())) != service
                {
                    counters.failures += 1
                    Issue.record("service header round trip differs: \(payload)")
                }
            }
            let result = assembler.receive(input, from: sender, swapped: swapped)
            counters.assembled += result.messages.count
            if result.messages.contains(where: { $0.payload.count > FrameAssembler.maxAssembledSize }) {
                counters.failures += 1
                Issue.record("assembled message over the limit")
            }
        }
    }

    static func makeInput(_ rng: inout WireTestGenerator, templates: [WireFuzzTemplate]) -> [UInt8] {
        let template = templates[rng.below(templates.count)]
        var bytes = template.bytes
        switch rng.below(8) {
        case 0:
            return rng.bytes(rng.below(96))
        case 1:
            let magic: [UInt8] = rng.next() & 1 == 0 ? [0x70, 0xC0] : [0xC0, 0x70]
            let type = UInt8(rng.below(7))
            return magic + [3, type, UInt8(rng.below(3))] + rng.bytes(rng.below(160))
        case 2:
            for _ in 0...rng.below(8) where !bytes.isEmpty {
                bytes[rng.below(bytes.count)] ^= 1 << UInt8(rng.below(8))
            }
        case 3:
            bytes.removeLast(rng.below(bytes.count + 1))
        case 4:
            bytes += rng.bytes(1 + rng.below(64))
        case 5, 6:
            overwriteCount(&bytes, template: template, rng: &rng)
            if rng.below(4) == 0 { overwriteCount(&bytes, template: template, rng: &rng) }
        default:
            let other = templates[rng.below(templates.count)].bytes
            let cut = rng.below(bytes.count + 1)
            bytes = Array(bytes.prefix(cut)) + other.suffix(rng.below(other.count + 1))
        }
        return bytes
    }

    static func overwriteCount(_ bytes: inout [UInt8], template: WireFuzzTemplate, rng: inout WireTestGenerator) {
        let field: (offset: Int, width: Int)
        if !template.countFields.isEmpty, rng.below(4) != 0 {
            field = template.countFields[rng.below(template.countFields.count)]
        } else {
            guard bytes.count >= 4 else { return }
            field = (rng.below(bytes.count - 3), [1, 2, 4][rng.below(3)])
        }
        guard field.offset + field.width <= bytes.count else { return }
        var value = rng.below(3) == 0 ? UInt32(truncatingIfNeeded: rng.next()) : interesting[rng.below(interesting.count)]
        if rng.next() & 1 == 1 { value = value.byteSwapped >> (32 - 8 * UInt32(field.width)) }
        for index in 0..<field.width {
            bytes[field.offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))
        }
    }
}
