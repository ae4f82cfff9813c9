/// A typed cmap value (Docs/ServicesWire.md §9.1): the twelve types of corosync's cmap.
///
/// | code | type   | size | cmapctl name |
/// |------|--------|------|--------------|
/// | 1    | int8   | 1    | `i8`         |
/// | 2    | uint8  | 1    | `u8`         |
/// | 3    | int16  | 2    | `i16`        |
/// | 4    | uint16 | 2    | `u16`        |
/// | 5    | int32  | 4    | `i32`        |
/// | 6    | uint32 | 4    | `u32`        |
/// | 7    | int64  | 8    | `i64`        |
/// | 8    | uint64 | 8    | `u64`        |
/// | 9    | float  | 4    | `flt`        |
/// | 10   | double | 8    | `dbl`        |
/// | 11   | string | any  | `str`        |
/// | 12   | binary | any  | `bin`        |
public enum CMapValue: Hashable, Sendable {
    /// `i8`.
    case int8(Int8)
    /// `u8`.
    case uint8(UInt8)
    /// `i16`.
    case int16(Int16)
    /// `u16`.
    case uint16(UInt16)
    /// `i32`.
    case int32(Int32)
    /// `u32`.
    case uint32(UInt32)
    /// `i64`.
    case int64(Int64)
    /// `u64`.
    case uint64(UInt64)
    /// `flt`.
    case float(Float)
    /// `dbl`.
    case double(Double)
    /// `str` (stored up to its first NUL, as corosync stores a C string).
    case string(String)
    /// `bin`.
    case binary([UInt8])

    /// The largest value, in bytes (corosync's limit, 16 KiB).
    public static let maximumSize = 16 * 1024

    /// The value's type.
    public var type: CMapValueKind {
        switch self {
        case .int8: return .int8
        case .uint8: return .uint8
        case .int16: return .int16
        case .uint16: return .uint16
        case .int32: return .int32
        case .uint32: return .uint32
        case .int64: return .int64
        case .uint64: return .uint64
        case .float: return .float
        case .double: return .double
        case .string: return .string
        case .binary: return .binary
        }
    }

    /// The number of bytes the value occupies (a string without its NUL).
    public var size: Int {
        switch self {
        case .string(let text): return text.utf8.count
        case .binary(let bytes): return bytes.count
        default: return type.fixedSize ?? 0
        }
    }

    /// The value as stored: a string is cut at its first NUL, as corosync keeps C strings.
    var normalized: CMapValue {
        guard case .string(let text) = self, let nul = text.utf8.firstIndex(of: 0) else { return self }
        return .string(String(text[..<nul]))
    }

    /// True when both values have the same type and the same bits (so `0.0` and `-0.0` differ
    /// and a NaN equals itself), which is how corosync decides whether a set changed anything.
    public func isIdentical(to other: CMapValue) -> Bool {
        switch (self, other) {
        case (.float(let lhs), .float(let rhs)): return lhs.bitPattern == rhs.bitPattern
        case (.double(let lhs), .double(let rhs)): return lhs.bitPattern == rhs.bitPattern
        default: return self == other
        }
    }
}

/// The type of a ``CMapValue``, with corosync's type code and cmapctl's name.
public enum CMapValueKind: UInt8, Hashable, Sendable, CaseIterable {
    /// `i8`, code 1.
    case int8 = 1
    /// `u8`, code 2.
    case uint8 = 2
    /// `i16`, code 3.
    case int16 = 3
    /// `u16`, code 4.
    case uint16 = 4
    /// `i32`, code 5.
    case int32 = 5
    /// `u32`, code 6.
    case uint32 = 6
    /// `i64`, code 7.
    case int64 = 7
    /// `u64`, code 8.
    case uint64 = 8
    /// `flt`, code 9.
    case float = 9
    /// `dbl`, code 10.
    case double = 10
    /// `str`, code 11.
    case string = 11
    /// `bin`, code 12.
    case binary = 12

    /// The name `corosync-cmapctl` prints and accepts (`u32`, `flt`, `str`...).
    public var name: String {
        switch self {
        case .int8: return "i8"
        case .uint8: return "u8"
        case .int16: return "i16"
        case .uint16: return "u16"
        case .int32: return "i32"
        case .uint32: return "u32"
        case .int64: return "i64"
        case .uint64: return "u64"
        case .float: return "flt"
        case .double: return "dbl"
        case .string: return "str"
        case .binary: return "bin"
        }
    }

    /// The type named `name` (`i8` ... `bin`), or nil.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    /// The size of fixed-size types; nil for string and binary.
    public var fixedSize: Int? {
        switch self {
        case .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float: return 4
        case .int64, .uint64, .double: return 8
        case .string, .binary: return nil
        }
    }
}
