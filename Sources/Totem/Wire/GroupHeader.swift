/// The group envelope at the start of every totempg message (Docs/TotemWire.md §8.3): the
/// groups the message is addressed to.
///
/// ```
/// +0 u16 group_count (g)   +2 u16 group_len[g]   +2+2g names concatenated, no terminator
/// ... application message
/// ```
/// Corosync uses `"a"` for its services and `"sync"` for the synchronization barrier
/// protocol; a receiver hands the message to every local group instance whose name matches
/// any of the listed names exactly.
public struct GroupHeader: Hashable, Sendable {
    /// The services' group, `"a"`.
    public static let services: [UInt8] = [0x61]
    /// The synchronization protocol's group, `"sync"`.
    public static let sync: [UInt8] = [0x73, 0x79, 0x6E, 0x63]
    /// Most groups the count field can describe.
    public static let maxGroups = Int(UInt16.max)
    /// Longest group name a length entry can describe.
    public static let maxNameLength = Int(UInt16.max)

    /// The group names, as raw bytes.
    public var groups: [[UInt8]]

    /// Creates a group header.
    public init(groups: [[UInt8]]) {
        self.groups = groups
    }

    /// The encoded size: `2 + 2g + Σ name lengths`.
    public var encodedSize: Int {
        groups.reduce(2 + 2 * groups.count) { $0 + $1.count }
    }

    /// Splits a totempg message into its group names and the application message after them.
    ///
    /// `swapped` byte-swaps the count and the lengths (the MCAST came from a big-endian
    /// sender). Throws ``WireError/truncated(offset:needed:available:)`` when the count, the
    /// length table or the names run past the end of `message`.
    public static func decode(
        _ message: [UInt8], swapped: Bool = false
    ) throws(WireError) -> (header: GroupHeader, payload: [UInt8]) {
        var reader = WireReader(message, swapped: swapped)
        let count = Int(try reader.u16())
        try reader.require(2 * count)
        var lengths: [Int] = []
        lengths.reserveCapacity(count)
        var total = 0
        for _ in 0..<count {
            let length = Int(try reader.u16())
            lengths.append(length)
            total += length
        }
        try reader.require(total)
        var groups: [[UInt8]] = []
        groups.reserveCapacity(count)
        for length in lengths { groups.append(try reader.bytes(length)) }
        return (GroupHeader(groups: groups), reader.rest())
    }

    /// Appends the header, little-endian.
    ///
    /// At most ``maxGroups`` names of at most ``maxNameLength`` bytes each; ``FramePacker``
    /// checks that before encoding.
    public func encode(into writer: inout WireWriter) {
        precondition(groups.count <= Self.maxGroups, "group header with \(groups.count) groups")
        writer.u16(UInt16(groups.count))
        for name in groups {
            precondition(name.count <= Self.maxNameLength, "group name of \(name.count) bytes")
            writer.u16(UInt16(name.count))
        }
        for name in groups { writer.bytes(name) }
    }

    /// The encoded header, little-endian.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: encodedSize)
        encode(into: &writer)
        return writer.bytes
    }
}
