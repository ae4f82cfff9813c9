import ClusterIPC

/// Turns `cmapctl -s KEY TYPE VALUE` text into a typed value, with corosync-cmapctl's
/// messages (`300 is not valid u8 integer`, `abc is not valid u8 type value`, `Unknown type x8`).
public enum CMapctlValueParser {
    /// Why a value was refused; `message` is what cmapctl prints.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The message, as corosync-cmapctl words it.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// True when `name` is one of the twelve type names.
    public static func isTypeName(_ name: String) -> Bool {
        ["i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "flt", "dbl", "str", "bin"].contains(name)
    }

    /// The value of type `type` written as `text` (for `bin`, pass the file's bytes as
    /// `binary`).
    public static func parse(type: String, text: String, binary: [UInt8] = []) throws(Failure) -> IPCValue {
        func integer<T: FixedWidthInteger>(_: T.Type, signed: Bool) throws(Failure) -> T {
            let parsed: T?
            if signed {
                guard let wide = scanSigned(text) else { throw Failure(message: "\(text) is not valid \(type) type value") }
                parsed = T(exactly: wide)
            } else {
                guard let wide = scanUnsigned(text) else { throw Failure(message: "\(text) is not valid \(type) type value") }
                parsed = T(exactly: wide)
            }
            guard let parsed else { throw Failure(message: "\(text) is not valid \(type) integer") }
            return parsed
        }
        switch type {
        case "i8": return .int8(try integer(Int8.self, signed: true))
        case "u8": return .uint8(try integer(UInt8.self, signed: false))
        case "i16": return .int16(try integer(Int16.self, signed: true))
        case "u16": return .uint16(try integer(UInt16.self, signed: false))
        case "i32": return .int32(try integer(Int32.self, signed: true))
        case "u32": return .uint32(try integer(UInt32.self, signed: false))
        case "i64": return .int64(try integer(Int64.self, signed: true))
        case "u64": return .uint64(try integer(UInt64.self, signed: false))
        case "flt":
            guard let value = scanFloat(text) else { throw Failure(message: "\(text) is not valid \(type) type value") }
            return .float(Float(value))
        case "dbl":
            guard let value = scanFloat(text) else { throw Failure(message: "\(text) is not valid \(type) type value") }
            return .double(value)
        case "str": return .string(text)
        case "bin": return .binary(binary)
        default: throw Failure(message: "Unknown type \(type)")
        }
    }

    /// `sscanf("%" PRId64)`: leading blanks, optional sign, decimal digits (the rest ignored).
    static func scanSigned(_ text: String) -> Int64? {
        let (negative, digits) = leadingNumber(text)
        guard !digits.isEmpty, let magnitude = UInt64(digits) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return Int64(exactly: magnitude)
    }

    /// `sscanf("%" PRIu64)`: as ``scanSigned(_:)``; a minus sign wraps like strtoull.
    static func scanUnsigned(_ text: String) -> UInt64? {
        let (negative, digits) = leadingNumber(text)
        guard !digits.isEmpty, let magnitude = UInt64(digits) else { return nil }
        return negative ? 0 &- magnitude : magnitude
    }

    private static func leadingNumber(_ text: String) -> (negative: Bool, digits: Substring) {
        var rest = text.drop { $0 == " " || $0 == "\t" }
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        return (negative, rest.prefix { $0.isASCII && $0.isNumber })
    }

    /// `sscanf("%lf")` for the usual forms: the longest leading prefix that is a number.
    static func scanFloat(_ text: String) -> Double? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        var candidate = Substring(trimmed)
        while !candidate.isEmpty {
            if let value = Double(candidate) { return value }
            candidate = candidate.dropLast()
        }
        return nil
    }
}
