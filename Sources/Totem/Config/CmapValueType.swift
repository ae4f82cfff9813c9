/// The cmap value types corosync gives to corosync.conf keys, with the names
/// `corosync-cmapctl` prints (`u32`, `str`...).
public enum CmapValueType: String, Hashable, Sendable, CaseIterable {
    /// Unsigned 8-bit integer.
    case u8
    /// Unsigned 16-bit integer.
    case u16
    /// Unsigned 32-bit integer.
    case u32
    /// Unsigned 64-bit integer.
    case u64
    /// Signed 32-bit integer.
    case i32
    /// String (every key corosync does not convert).
    case str

    /// The inclusive range of an integer type; nil for `str`. (corosync reads u64 keys with
    /// `strtoull`, which takes every 64-bit value; see ``unsignedInteger(from:)``.)
    public var range: ClosedRange<Int64>? {
        switch self {
        case .u8: 0...Int64(UInt8.max)
        case .u16: 0...Int64(UInt16.max)
        case .u32: 0...Int64(UInt32.max)
        case .u64: 0...Int64.max
        case .i32: Int64(Int32.min)...Int64(Int32.max)
        case .str: nil
        }
    }

    /// Parses a value the way corosync's `safe_atoq` does (`strtoll`, base 10): leading C white
    /// space, an optional sign, digits, nothing after them, inside ``range``. Returns nil when
    /// the value is not acceptable. For u64 keys, values up to `Int64.max`.
    public func integer(from text: String) -> Int64? {
        if self == .u64 { return unsignedInteger(from: text).flatMap { Int64(exactly: $0) } }
        guard let range, let value = CNumber.signed(text), range.contains(value) else { return nil }
        return value
    }

    /// A u64 value as corosync's `str_to_ull` reads it (`strtoull`: a minus sign wraps); for
    /// other types the value of ``integer(from:)``. Nil when not acceptable.
    public func unsignedInteger(from text: String) -> UInt64? {
        if self == .u64 { return CNumber.unsigned(text) }
        return integer(from: text).flatMap { UInt64(exactly: $0) }
    }

    /// True when corosync stores `text` as a value of this type (every text for `str`).
    public func accepts(_ text: String) -> Bool {
        switch self {
        case .str: true
        case .u64: CNumber.unsigned(text) != nil
        default: integer(from: text) != nil
        }
    }

    /// The value as `corosync-cmapctl` prints it: integers in plain decimal; nil when not
    /// acceptable.
    public func canonical(_ text: String) -> String? {
        switch self {
        case .str: text
        case .u64: CNumber.unsigned(text).map { String($0) }
        default: integer(from: text).map { String($0) }
        }
    }
}
