/// C library number parsing, reproduced so that configuration strings mean what they mean to
/// corosync (which uses `atoi` and `strtol` on them).
enum CNumber {
    /// `strtol(s + from, &end, 10)` for a 64-bit `long`: skips C white space, takes an optional
    /// sign and decimal digits, clamps on overflow. With no digits it returns 0 and `from`.
    static func strtol(_ bytes: [UInt8], from start: Int) -> (value: Int64, end: Int) {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        var magnitude: UInt64 = 0
        var overflow = false
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { overflow = true } else { magnitude = sum }
            index += 1
        }
        guard index > digitsStart else { return (0, start) }
        if negative {
            if overflow || magnitude > UInt64(Int64.max) + 1 { return (.min, index) }
            return (magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude), index)
        }
        if overflow || magnitude > UInt64(Int64.max) { return (.max, index) }
        return (Int64(magnitude), index)
    }

    /// C `isspace` in the "C" locale.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
