import Totem

/// The tag of a cpg message a simulated client multicasts: who sent it (node and pid) and that
/// process's counter (1, 2, ..., kept across restarts of the node), then filler bytes.
///
/// ```
/// "SCPG" | u32 node | u32 pid | u64 counter | filler (byte i = UInt8(truncatingIfNeeded: i))
/// ```
public struct CPGTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The sending node.
    public var node: NodeID
    /// The sending process.
    public var pid: UInt32
    /// The process's message counter.
    public var counter: UInt64

    /// Creates a tag.
    public init(node: NodeID, pid: UInt32, counter: UInt64) {
        self.node = node
        self.pid = pid
        self.counter = counter
    }

    static let magic: [UInt8] = Array("SCPG".utf8)

    /// The payload: the tag, then `filler` bytes.
    public func payload(filler: Int) -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(20 + filler)
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: node.rawValue >> shift))
        }
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: pid >> shift)) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: counter >> shift)) }
        for i in 0..<filler { bytes.append(UInt8(truncatingIfNeeded: i)) }
        return bytes
    }

    /// The tag of a payload, or nil when it carries none or its filler is damaged.
    public static func decode(_ payload: [UInt8]) -> CPGTag? {
        guard payload.count >= 20, Array(payload[0..<4]) == magic else { return nil }
        func field(_ range: Range<Int>) -> UInt64 { payload[range].reduce(0) { $0 << 8 | UInt64($1) } }
        for i in 20..<payload.count where payload[i] != UInt8(truncatingIfNeeded: i - 20) { return nil }
        return CPGTag(node: NodeID(UInt32(field(4..<8))), pid: UInt32(field(8..<12)), counter: field(12..<20))
    }

    /// Orders by node, pid, counter.
    public static func < (lhs: CPGTag, rhs: CPGTag) -> Bool {
        (lhs.node.rawValue, lhs.pid, lhs.counter) < (rhs.node.rawValue, rhs.pid, rhs.counter)
    }

    /// `2/1001#5`.
    public var description: String { "\(node)/\(pid)#\(counter)" }
}
