/// Appends packed little-endian integers to a byte array: the only byte order we send
/// (all deployed corosync nodes are little-endian, see Docs/TotemWire.md §2).
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Starts an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    public mutating func u8(_ value: UInt8) { bytes.append(value) }

    /// Appends a 16-bit unsigned integer.
    public mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Appends a 32-bit unsigned integer.
    public mutating func u32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    /// Appends a 64-bit unsigned integer.
    public mutating func u64(_ value: UInt64) {
        u32(UInt32(truncatingIfNeeded: value))
        u32(UInt32(truncatingIfNeeded: value >> 32))
    }

    /// Appends a 32-bit signed integer.
    public mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }

    /// Appends a 16-bit signed integer.
    public mutating func i16(_ value: Int16) { u16(UInt16(bitPattern: value)) }

    /// Appends raw bytes.
    public mutating func bytes(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    /// Appends `count` zero bytes (padding).
    public mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }
}
