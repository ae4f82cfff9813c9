/// Bytes of a corosync.conf as text: decoding (corosync keeps raw bytes, Swift strings hold
/// Unicode) and printing them safely in error messages.
public enum ConfigText {
    /// `bytes` as a string; an invalid UTF-8 sequence becomes U+FFFD.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// True when `bytes` are valid UTF-8.
    public static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// `bytes` with everything a terminal would not print plainly escaped: control bytes and
    /// bytes that are not valid UTF-8 as `\x00`, invisible or unassigned Unicode characters
    /// (format controls such as U+202E, separators, private use) as `\u{202E}`. Printable
    /// ASCII and printable Unicode characters are kept. The result never changes when escaped
    /// again.
    public static func printable(bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var result = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead >= 0x20 && lead < 0x7F {
                    result.unicodeScalars.append(Unicode.Scalar(lead))
                } else {
                    result += hex(lead)
                }
                index += 1
                continue
            }
            if let (scalar, length) = scalar(in: bytes, at: index) {
                result += isPlain(scalar) ? String(scalar) : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                index += length
            } else {
                result += hex(lead)
                index += 1
            }
        }
        return result
    }

    /// `text` escaped as ``printable(bytes:)`` does.
    public static func printable(_ text: String) -> String {
        printable(bytes: text.utf8)
    }

    /// The one Unicode scalar encoded from `index` on, with its length, if the bytes there are a
    /// valid UTF-8 sequence.
    private static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, index + length <= bytes.count,
            let text = String(validating: bytes[index..<index + length], as: UTF8.self),
            let scalar = text.unicodeScalars.first
        else { return nil }
        return (scalar, length)
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: false
        case .spaceSeparator: false  // ASCII space never gets here; U+00A0 and the like would look like it
        default: true
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return "\\x" + (digits.count == 1 ? "0" + digits : digits)
    }
}
