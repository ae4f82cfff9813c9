/// The corosync.conf grammar of corosync 3.1.7 (`exec/coroparse.c`), as a pure function from
/// text to a ``ParsedConfig``.
///
/// Line by line:
///
/// | line (after removing a trailing `\r` and trailing blanks) | meaning |
/// | --- | --- |
/// | empty, or first non-blank character `#` | ignored (there are no inline comments) |
/// | contains `{` | opens section `name` (text before `{`, one trailing `:` dropped); nothing may follow `{` |
/// | contains `:` | `key: value`, split at the first colon |
/// | exactly `}` | closes the current section |
/// | anything else | error |
///
/// At most 511 characters per line. Repeated `nodelist.node` sections are numbered 0, 1, 2...;
/// `logging.logger_subsys` sections are keyed by their `subsys`; `logging.logging_daemon` by
/// their `name` (and `subsys`); `totem.interface` by their `linknumber` (or `ringnumber`,
/// default 0), whose `member { memberaddr }` sections are numbered; a top-level `uidgid`
/// section may hold only `uid` and `gid`. Integer keys are checked against their cmap type
/// (``ConfigKeyTypes``) as they are read, so the first bad line is the one reported.
public enum ConfigParser {
    /// Longest line corosync reads (its buffer is 512 bytes including the terminator).
    public static let maximumLineLength = 511
    /// Longest dotted cmap key (corosync's `ICMAP_KEYNAME_MAXLEN` is 256 including the terminator).
    public static let maximumPathLength = 254

    /// Parses `text`; `file` is the name errors mention.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ParsedConfig {
        var state = ParserState(file: file)
        // Split on scalars: "\r\n" is one Character, and corosync's lines end at "\n" only.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if text.unicodeScalars.last == "\n" { lines.removeLast() }
        for (index, scalars) in lines.enumerated() {
            try state.read(Substring(scalars), number: index + 1)
        }
        return try state.finish(lineCount: lines.count)
    }
}

/// The parser's stack of open sections and what it has produced so far.
struct ParserState {
    var config: ParsedConfig
    var stack: [ParserFrame]

    init(file: String) {
        config = ParsedConfig(file: file)
        stack = [ParserFrame(kind: .plain, path: "", name: "", line: 0)]
    }

    var file: String { config.file }

    func error(
        _ code: ConfigError.Code, _ line: Int, key: String?, _ expected: String, _ value: String?
    )
        -> ConfigError
    {
        ConfigError(code, file: file, line: line, key: key, expected: expected, value: value)
    }

    mutating func read(_ raw: Substring, number: Int) throws(ConfigError) {
        if raw.utf8.count > ConfigParser.maximumLineLength {
            throw error(
                .lineTooLong, number, key: stack.last?.path,
                "line too long: expected at most \(ConfigParser.maximumLineLength) characters, got \(raw.utf8.count)"
                    + (raw.utf8.count > ConfigParser.maximumLineLength + 1 ? "" : " or more"),
                nil)
        }
        var scalars = raw.unicodeScalars[...]
        if scalars.last == "\r" { scalars = scalars.dropLast() }
        let text = Substring(scalars).trimmingBlanks()
        if text.isEmpty || text.first == "#" { return }
        if let brace = text.firstIndex(of: "{") {
            let after = text[text.index(after: brace)...].trimmingBlanks()
            guard after.isEmpty else {
                throw error(
                    .extraAfterOpeningBrace, number, key: stack.last?.path,
                    "expected nothing after opening bracket '{' (a value may not contain '{')", String(text))
            }
            var name = text[..<brace].trimmingBlanks()
            if name.last == ":" { name = name.dropLast().trimmingBlanks() }
            guard !name.isEmpty else {
                throw error(
                    .missingSectionName, number, key: stack.last?.path,
                    "expected a section name before opening bracket '{'", String(text))
            }
            try open(String(name), line: number, text: String(text))
        } else if let colon = text.firstIndex(of: ":") {
            let key = text[..<colon].trimmingBlanks()
            let value = text[text.index(after: colon)...].trimmingBlanks()
            guard !key.isEmpty else {
                throw error(
                    .missingKeyName, number, key: stack.last?.path, "expected a key name before ':'", String(text))
            }
            try add(key: String(key), value: String(value), line: number)
        } else if text.contains("}") {
            guard text == "}" else {
                throw error(
                    .extraAroundClosingBrace, number, key: stack.last?.path,
                    "expected nothing before or after closing bracket '}'", String(text))
            }
            guard stack.count > 1 else {
                throw error(
                    .unexpectedClosingBrace, number, key: nil, "unexpected closing brace: no section is open",
                    String(text))
            }
            try close(line: number)
        } else {
            throw error(
                .notKeyValue, number, key: stack.last?.path,
                "expected \"key: value\", \"name {\" or \"}\"", String(text))
        }
    }

    mutating func finish(lineCount: Int) throws(ConfigError) -> ParsedConfig {
        config.lineCount = lineCount
        if stack.count > 1, let open = stack.last {
            throw error(
                .missingClosingBrace, lineCount, key: open.path,
                "missing closing brace for section '\(open.name)' opened on line \(open.line)", nil)
        }
        return config
    }
}

extension Substring {
    /// Drops leading and trailing blanks (spaces and tabs), as corosync's `remove_whitespace`.
    func trimmingBlanks() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
