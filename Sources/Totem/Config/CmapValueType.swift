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

    /// The inclusive range of an integer type; nil for `str`.
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

    /// Parses a value the way corosync's `safe_atoq` does: decimal only, optional sign, the whole
    /// text consumed, inside ``range``. Returns nil when the value is not acceptable.
    /// (u64 keys accept up to `Int64.max`, as `strtoll` does.)
    public func integer(from text: String) -> Int64? {
        guard let range else { return nil }
        var digits = Substring(text)
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let magnitude = Int64(digits) else { return nil }
        let value = negative ? -magnitude : magnitude
        return range.contains(value) ? value : nil
    }
}
