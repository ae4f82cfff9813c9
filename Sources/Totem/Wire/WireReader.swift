/// Reads packed integers from a byte array, in little- or big-endian order, without ever
/// trapping: every read past the end throws ``WireError/truncated(offset:needed:available:)``.
///
/// Totem senders write their host byte order; `swapped` says the sender's order differs from
/// little-endian (the magic read as 0x70C0), so every multi-byte field is byte-swapped.
public struct WireReader: Sendable {
    /// The bytes being read.
    public let bytes: [UInt8]
    /// The next offset to read.
    public private(set) var offset: Int
    /// True when the sender wrote big-endian.
    public var swapped: Bool

    /// Starts reading `bytes` at `offset`.
    public init(_ bytes: [UInt8], offset: Int = 0, swapped: Bool = false) {
        self.bytes = bytes
        self.offset = offset
        self.swapped = swapped
    }

    /// Bytes left after ``offset``.
    public var remaining: Int { bytes.count - offset }

    /// Throws unless `count` more bytes are available.
    public func require(_ count: Int) throws(WireError) {
        guard count >= 0, remaining >= count else {
            throw .truncated(offset: offset, needed: count, available: remaining)
        }
    }

    /// Reads one byte.
    public mutating func u8() throws(WireError) -> UInt8 {
        try require(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a 16-bit unsigned integer.
    public mutating func u16() throws(WireError) -> UInt16 {
        try require(2)
        let value = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        offset += 2
        return swapped ? value.byteSwapped : value
    }

    /// Reads a 32-bit unsigned integer.
    public mutating func u32() throws(WireError) -> UInt32 {
        try require(4)
        let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        offset += 4
        return swapped ? value.byteSwapped : value
    }

    /// Reads a 64-bit unsigned integer.
    public mutating func u64() throws(WireError) -> UInt64 {
        try require(8)
        let low = UInt64(bytes[offset]) | UInt64(bytes[offset + 1]) << 8
            | UInt64(bytes[offset + 2]) << 16 | UInt64(bytes[offset + 3]) << 24
        let high = UInt64(bytes[offset + 4]) | UInt64(bytes[offset + 5]) << 8
            | UInt64(bytes[offset + 6]) << 16 | UInt64(bytes[offset + 7]) << 24
        offset += 8
        let value = low | high << 32
        return swapped ? value.byteSwapped : value
    }

    /// Reads a 32-bit signed integer.
    public mutating func i32() throws(WireError) -> Int32 { Int32(bitPattern: try u32()) }

    /// Reads a 16-bit signed integer.
    public mutating func i16() throws(WireError) -> Int16 { Int16(bitPattern: try u16()) }

    /// Reads `count` raw bytes (never swapped).
    public mutating func bytes(_ count: Int) throws(WireError) -> [UInt8] {
        try require(count)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Skips `count` bytes (padding).
    public mutating func skip(_ count: Int) throws(WireError) {
        try require(count)
        offset += count
    }

    /// Reads the rest of the input.
    public mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }
}
