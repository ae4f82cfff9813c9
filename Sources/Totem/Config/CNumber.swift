/// Decimal numbers as corosync reads them with `strtoll`/`strtoull`/`strtol` (base 10, the C
/// locale): leading white space (space, `\t`, `\n`, `\v`, `\f`, `\r`), an optional sign, at
/// least one digit, and nothing after the digits. A value out of the type's range (`ERANGE`)
/// is refused.
enum CNumber {
    /// C's `isspace` in the C locale.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// The sign and magnitude of `text`, or nil when it is not a whole C decimal number or its
    /// magnitude exceeds `UInt64`.
    private static func parts(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
        var bytes = Substring(text).utf8.drop(while: isSpace)
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var magnitude: UInt64 = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            magnitude = sum
        }
        return (negative, magnitude)
    }

    /// `strtoll(text, &end, 10)` that consumed the whole text without `ERANGE`.
    static func signed(_ text: String) -> Int64? {
        guard let (negative, magnitude) = parts(text) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// `strtoull(text, &end, 10)` that consumed the whole text without `ERANGE` (a minus sign
    /// negates in unsigned arithmetic, so `-1` is 18446744073709551615).
    static func unsigned(_ text: String) -> UInt64? {
        guard let (negative, magnitude) = parts(text) else { return nil }
        return negative ? 0 &- magnitude : magnitude
    }
}
