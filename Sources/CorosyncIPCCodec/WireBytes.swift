/// Reads the fixed-offset fields of a corosync library message (host order, x86-64
/// little-endian). Offsets are checked by the caller against the struct size.
public struct WireReader: Sendable {
    /// The message.
    public let bytes: [UInt8]

    /// A reader over `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The unsigned integer of `width` bytes at `offset`.
    func unsigned(at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }

    /// The i32 at `offset`.
    public func int32(at offset: Int) -> Int32 { Int32(truncatingIfNeeded: unsigned(at: offset, width: 4)) }
    /// The u16 at `offset`.
    public func uint16(at offset: Int) -> UInt16 { UInt16(truncatingIfNeeded: unsigned(at: offset, width: 2)) }
    /// The u64 at `offset`.
    public func uint64(at offset: Int) -> UInt64 { unsigned(at: offset, width: 8) }

    /// A `mar_name_t` at `offset` (`u16 length @+0 | u8 value[256] @+8`, 264 bytes): the value up
    /// to its first NUL, as corosync reads it (a C string; the length field is not used), or nil
    /// when the 256 bytes hold no NUL. Bytes that are not UTF-8 become U+FFFD, which no valid
    /// key contains, so such a name is simply not found.
    public func name(at offset: Int) -> String? {
        let value = bytes[(offset + 8)..<(offset + 8 + CorosyncName.capacity)]
        guard let nul = value.firstIndex(of: 0) else { return nil }
        return String(decoding: value[..<nul], as: UTF8.self)
    }

    /// The length field of the `mar_name_t` at `offset`.
    public func nameLength(at offset: Int) -> UInt16 { uint16(at: offset) }
}

/// Builds a corosync library message: a zero-filled buffer whose fields are set at their offsets.
public struct WireWriter: Sendable {
    /// The message so far.
    public private(set) var bytes: [UInt8]

    /// `size` zero bytes.
    public init(size: Int) { bytes = [UInt8](repeating: 0, count: size) }

    mutating func put(unsigned value: UInt64, at offset: Int, width: Int) {
        for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    /// Sets the i32 at `offset`.
    public mutating func put(_ value: Int32, at offset: Int) {
        put(unsigned: UInt64(UInt32(bitPattern: value)), at: offset, width: 4)
    }
    /// Sets the u64 at `offset`.
    public mutating func put(_ value: UInt64, at offset: Int) { put(unsigned: value, at: offset, width: 8) }
    /// Sets the u8 at `offset`.
    public mutating func put(_ value: UInt8, at offset: Int) { bytes[offset] = value }
    /// Copies `data` to `offset`.
    public mutating func put(bytes data: [UInt8], at offset: Int) {
        bytes.replaceSubrange(offset..<(offset + data.count), with: data)
    }

    /// Sets the `mar_name_t` at `offset`: length = the name's bytes, value = the bytes, NUL-padded.
    /// The name must be shorter than ``CorosyncName/capacity`` bytes.
    public mutating func put(name: String, at offset: Int) {
        let utf8 = Array(name.utf8.prefix(CorosyncName.capacity - 1))
        put(unsigned: UInt64(utf8.count), at: offset, width: 2)
        put(bytes: utf8, at: offset + 8)
    }
}

/// corosync's `mar_name_t`: a u16 length, then 256 bytes of value (`CS_MAX_NAME_LENGTH`), each
/// 8-byte aligned: 264 bytes.
public enum CorosyncName {
    /// The value's bytes (`CS_MAX_NAME_LENGTH`).
    public static let capacity = 256
    /// The struct's size.
    public static let size = 264
}
