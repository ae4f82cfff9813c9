/// Reads little-endian fields from a body; every read names its field so errors say where the
/// body was malformed. Never traps on bad input.
public struct IPCReader: Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    /// Reads `bytes` from the start.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// Reads one byte.
    public mutating func u8(_ field: String) throws(IPCError) -> UInt8 {
        try UInt8(integer(field, size: 1))
    }

    /// Reads a bool (0 or 1; anything else is ``IPCError/invalidValue(field:value:)``).
    public mutating func bool(_ field: String) throws(IPCError) -> Bool {
        let value = try u8(field)
        guard value <= 1 else { throw .invalidValue(field: field, value: UInt64(value)) }
        return value == 1
    }

    /// Reads a little-endian u16.
    public mutating func u16(_ field: String) throws(IPCError) -> UInt16 { try UInt16(integer(field, size: 2)) }

    /// Reads a little-endian u32.
    public mutating func u32(_ field: String) throws(IPCError) -> UInt32 { try UInt32(integer(field, size: 4)) }

    /// Reads a little-endian u64.
    public mutating func u64(_ field: String) throws(IPCError) -> UInt64 { try integer(field, size: 8) }

    /// Reads `u32 byte count` and that many bytes.
    public mutating func blob(_ field: String) throws(IPCError) -> [UInt8] {
        let count = Int(try u32(field))
        try need(field, count)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a `u32 byte count` + UTF-8 string.
    public mutating func string(_ field: String) throws(IPCError) -> String {
        let raw = try blob(field)
        guard let text = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return text
    }

    /// Reads `u32 count` and each element. The count is checked against the bytes left
    /// (`minimumElementSize` each) before anything is allocated.
    public mutating func array<Element>(
        _ field: String, minimumElementSize: Int, _ read: (inout IPCReader) throws(IPCError) -> Element
    ) throws(IPCError) -> [Element] {
        let count = Int(try u32(field))
        try need(field, count * max(minimumElementSize, 1))
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try read(&self)) }
        return elements
    }

    /// Throws ``IPCError/trailingBytes(count:)`` unless the whole body was read.
    public func finish() throws(IPCError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }

    private func need(_ field: String, _ count: Int) throws(IPCError) {
        guard count <= remaining else { throw .truncated(field: field, needed: count, available: remaining) }
    }

    private mutating func integer(_ field: String, size: Int) throws(IPCError) -> UInt64 {
        try need(field, size)
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += size
        return value
    }
}
