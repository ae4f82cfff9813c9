/// Appends little-endian fields to a body, in the encodings of `Docs/IPC.md`.
public struct IPCWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    /// Writes one byte.
    public mutating func u8(_ value: UInt8) { bytes.append(value) }

    /// Writes a bool as one byte, 0 or 1.
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Writes a little-endian u16.
    public mutating func u16(_ value: UInt16) { append(UInt64(value), size: 2) }

    /// Writes a little-endian u32.
    public mutating func u32(_ value: UInt32) { append(UInt64(value), size: 4) }

    /// Writes a little-endian u64.
    public mutating func u64(_ value: UInt64) { append(value, size: 8) }

    /// Writes `u32 byte count` and the bytes.
    public mutating func blob(_ value: [UInt8]) {
        u32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a string as `u32 byte count` and its UTF-8 bytes (no NUL).
    public mutating func string(_ value: String) { blob(Array(value.utf8)) }

    /// Writes `u32 count` followed by each element.
    public mutating func array<Element>(_ elements: [Element], _ write: (inout IPCWriter, Element) -> Void) {
        u32(UInt32(elements.count))
        for element in elements { write(&self, element) }
    }

    private mutating func append(_ value: UInt64, size: Int) {
        for index in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }
}
