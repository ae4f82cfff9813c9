import Totem

/// FNV-1a 64 over everything a run produced, in order: two runs of one seed must end with the
/// same value (the determinism self-check).
public struct RunDigest: Hashable, Sendable, CustomStringConvertible {
    /// The current hash value.
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    /// An empty digest.
    public init() {}

    /// Mixes in bytes.
    public mutating func combine(_ bytes: [UInt8]) {
        var hash = value
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        value = hash
    }

    /// Mixes in an integer (8 bytes, little-endian).
    public mutating func combine(_ number: UInt64) {
        var hash = value
        var rest = number
        for _ in 0..<8 {
            hash = (hash ^ (rest & 0xFF)) &* 0x0000_0100_0000_01B3
            rest >>= 8
        }
        value = hash
    }

    /// Mixes in one effect of `node` at `time`.
    public mutating func combine(_ effect: TotemEffect, node: NodeID, at time: Instant) {
        combine(time.nanoseconds)
        combine(UInt64(node.rawValue))
        switch effect {
        case .send(let bytes, let destination):
            combine(1)
            switch destination {
            case .node(let target): combine(UInt64(target.rawValue))
            case .allNodes: combine(UInt64.max)
            }
            combine(UInt64(bytes.count))
            combine(bytes)
        case .deliver(let message):
            combine(2)
            combine(UInt64(message.sender.rawValue))
            combine(UInt64(message.ringID.rep.rawValue))
            combine(message.ringID.seq)
            combine(UInt64(message.seq))
            combine(UInt64(message.guarantee.rawValue))
            for group in message.groups {
                combine(UInt64(group.count))
                combine(group)
            }
            combine(UInt64(message.payload.count))
            combine(message.payload)
        case .configurationChanged(let change):
            combine(change.kind == .regular ? 3 : 4)
            combine(UInt64(change.ringID.rep.rawValue))
            combine(change.ringID.seq)
            for list in [change.members, change.left, change.joined] {
                combine(UInt64(list.count))
                for member in list { combine(UInt64(member.rawValue)) }
            }
        case .persistRingSeq(let seq):
            combine(5)
            combine(seq)
        case .dropped(let reason):
            combine(6)
            combine(String(describing: reason).utf8.map { $0 })
        }
    }

    /// 16 hex digits.
    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
