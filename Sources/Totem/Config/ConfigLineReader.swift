/// How corosync 3.1.7 cuts corosync.conf into lines (`parse_section` in `exec/coroparse.c`):
/// `fgets` into a 512-byte buffer, each buffer then handled as a C string.
///
/// So a line holds at most 510 bytes before its `\n` (a `\r` counts); a NUL byte ends the
/// line's text and, unless the line is the last one and has no `\n`, makes it "too long"; a
/// line whose first byte is NUL is ignored whole; and the bytes of an ignored over-long line
/// after its first 511 are read as the next line.
struct ConfigLineReader {
    /// One `fgets` read.
    struct Chunk {
        /// The bytes read, with the `\n` if there is one.
        var bytes: ArraySlice<UInt8>
        /// True when the read stopped at the end of the data (C's `feof` after it).
        var atEnd: Bool
    }

    /// What one read means to the parser.
    enum Line {
        /// The text to parse: up to the first NUL, without the `\n`, one `\r` and trailing blanks.
        case text(ArraySlice<UInt8>)
        /// No `\n` within the buffer; `length` is the line's length when its end is known.
        case tooLong(length: Int?)
        /// A NUL byte before the `\n`; the bytes are the whole read.
        case nul(ArraySlice<UInt8>)
    }

    /// The buffer size: 510 bytes of text, the `\n` and C's terminating NUL.
    static let bufferSize = 512

    let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next read, or nil at the end of the data.
    mutating func next() -> Chunk? {
        guard position < bytes.count else { return nil }
        let start = position
        var newline = false
        while position < bytes.count, position - start < Self.bufferSize - 1 {
            position += 1
            if bytes[position - 1] == UInt8(ascii: "\n") {
                newline = true
                break
            }
        }
        let atEnd = !newline && position - start < Self.bufferSize - 1
        return Chunk(bytes: bytes[start..<position], atEnd: atEnd)
    }

    /// What corosync makes of `chunk`.
    func line(_ chunk: Chunk) -> Line {
        let text = chunk.bytes
        let end = text.firstIndex(of: 0) ?? text.endIndex
        var line = text[..<end]
        if let last = line.last {
            if last != UInt8(ascii: "\n"), !chunk.atEnd {
                if end != text.endIndex { return .nul(text) }
                let length = bytes[text.startIndex...].firstIndex(of: UInt8(ascii: "\n")).map { $0 - text.startIndex }
                return .tooLong(length: length)
            }
            if line.last == UInt8(ascii: "\n") { line = line.dropLast() }
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        }
        while let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { line = line.dropLast() }
        return .text(line)
    }
}
