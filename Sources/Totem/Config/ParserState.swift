/// The parser's stack of open sections, what corosync's parser keeps aside while a section is
/// open (node number, interface and logging items), and what it has produced so far.
struct ParserState {
    var config: ParsedConfig
    /// The open sections; the first is the top level.
    var stack: [ParserFrame]
    /// corosync's `node_number`: reset by `nodelist {`, counted up whenever a section of a node
    /// (the node or a subsection of it) closes.
    var nodeNumber = 0
    /// The items of the `totem.interface` section being read.
    var interface = InterfaceItems()
    /// The items of the `logger_subsys` or `logging_daemon` section being read.
    var logging = LoggingItems()
    let accounts: Accounts

    init(file: String, accounts: Accounts) {
        config = ParsedConfig(file: file)
        stack = [ParserFrame(state: .normal, path: [], name: [], line: 0)]
        self.accounts = accounts
    }

    var file: String { config.file }

    func error(
        _ code: ConfigError.Code, _ line: Int, key: String?, _ expected: String, _ value: String?
    )
        -> ConfigError
    {
        ConfigError(code, file: file, line: line, key: key, expected: expected, value: value)
    }

    /// Handles one line (already cut as corosync cuts it).
    mutating func read(_ line: ArraySlice<UInt8>, number: Int) throws(ConfigError) {
        guard let first = line.firstIndex(where: { !Byte.isBlank($0) }), line[first] != Byte.hash else { return }
        // For errors only: computed when one is thrown.
        var text: String { ConfigText.printable(bytes: line[first...]) }
        var section: String { stack[stack.count - 1].pathText }
        if let brace = line.firstIndex(of: Byte.openBrace) {
            let next = line[(brace + 1)...].firstIndex { !Byte.isBlank($0) } ?? line.endIndex
            let name = Byte.cName(line[..<(next - 1)])
            guard !name.isEmpty else {
                throw error(
                    .missingSectionName, number, key: section,
                    "expected a section name before opening bracket '{'", text)
            }
            guard next == line.endIndex else {
                throw error(
                    .extraAfterOpeningBrace, number, key: section,
                    "expected nothing after opening bracket '{' (a value may not contain '{')", text)
            }
            try open(name, line: number, text: text)
        } else if let colon = line.firstIndex(of: Byte.colon) {
            let next = line[(colon + 1)...].firstIndex { !Byte.isBlank($0) } ?? line.endIndex
            try item(key: Byte.cName(line[..<(next - 1)]), value: line[next...], line: number)
        } else if line.contains(Byte.closeBrace) {
            guard line[first...].elementsEqual([Byte.closeBrace]) else {
                throw error(
                    .extraAroundClosingBrace, number, key: section,
                    "expected nothing before or after closing bracket '}'", text)
            }
            guard stack.count > 1 else {
                throw error(
                    .unexpectedClosingBrace, number, key: nil, "unexpected closing brace: no section is open", text)
            }
            try close(line: number)
        } else {
            throw error(.notKeyValue, number, key: section, "expected \"key: value\", \"name {\" or \"}\"", text)
        }
    }

    mutating func finish(lineCount: Int) throws(ConfigError) -> ParsedConfig {
        config.lineCount = lineCount
        if stack.count > 1, let open = stack.last {
            throw error(
                .missingClosingBrace, lineCount, key: open.pathText,
                "missing closing brace for section '\(ConfigText.printable(bytes: open.name))' "
                    + "opened on line \(open.line)",
                nil)
        }
        return config
    }
}

/// The bytes the grammar cares about.
enum Byte {
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let colon = UInt8(ascii: ":")
    static let hash = UInt8(ascii: "#")
    static let dot = UInt8(ascii: ".")

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// corosync's `remove_whitespace(text, 1)` for section names and keys: leading blanks go,
    /// then trailing blanks, colons and opening braces, but never the first character left.
    static func cName(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let start = text.firstIndex(where: { !isBlank($0) }) else { return [] }
        var end = text.endIndex - 1
        while end > start, isBlank(text[end]) || text[end] == colon || text[end] == openBrace { end -= 1 }
        return text[start...end]
    }

    /// True for the characters cmap allows in key names (`icmap_is_valid_name_char`).
    static func isKeyCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"),
            UInt8(ascii: "/"), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }
}
