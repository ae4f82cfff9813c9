/// Parses `"00 01 ff"`-style hex (any white space) into bytes; traps on a typo in a test vector.
func hex(_ text: String) -> [UInt8] {
    let digits = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined()
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
