/// A corosync.conf after the grammar pass: every key under its dotted cmap name, each
/// remembering its line and its cmap type, integer values already checked against it.
///
/// ```
/// totem {                 ->  totem.version        = "2"          (line 2)
///   version: 2                nodelist.node.0.ring0_addr = "a"    (line 6)
/// }                           nodelist.node.1.ring0_addr = "b"    (line 9)
/// nodelist {
///   node {
///     ring0_addr: a
///   }
///   node {
///     ring0_addr: b
///   }
/// }
/// ```
public struct ParsedConfig: Hashable, Sendable {
    /// The file name errors mention, as given to the parser.
    public var file: String
    /// Every key, by dotted name (a repeated key keeps its last value).
    public var entries: [String: ConfigEntry]
    /// The cmap type of every key stored as an integer (the others are strings), as corosync
    /// decided it from the section the key was written in (see ``ConfigKeyTypes``).
    public var types: [String: CmapValueType]
    /// Values that are not valid UTF-8, as errors show them (`\xff`); their ``entries`` hold
    /// U+FFFD instead.
    var printableValues: [String: String]
    /// The line of each section's opening `{`, by dotted path (`nodelist.node.1`).
    public var sectionLines: [String: Int]
    /// The number of lines in the file.
    public var lineCount: Int

    /// Makes an empty configuration for `file`.
    public init(file: String) {
        self.file = file
        self.entries = [:]
        self.types = [:]
        self.printableValues = [:]
        self.sectionLines = [:]
        self.lineCount = 0
    }

    /// The entry of `key`, if present.
    public subscript(key: String) -> ConfigEntry? { entries[key] }

    /// The entries whose key starts with `prefix`, in key order.
    public func entries(withPrefix prefix: String) -> [ConfigEntry] {
        entries.values.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
    }

    /// The cmap type of `key` as corosync stores it (`str` for keys not present).
    public func type(of key: String) -> CmapValueType { types[key] ?? .str }

    /// The value of `key` as an error shows it, nil when absent.
    func printableValue(of key: String) -> String? { printableValues[key] ?? entries[key]?.value }

    /// The best line for an error about `key` or its section: the key's own line, else the
    /// line of the closest enclosing section, else the last line.
    public func line(for key: String) -> Int {
        if let entry = entries[key] { return entry.line }
        var path = Substring(key)
        while true {
            if let line = sectionLines[String(path)] { return line }
            guard let dot = path.lastIndex(of: ".") else { break }
            path = path[..<dot]
        }
        return lineCount
    }

    /// Adds or replaces an entry of `type` (already checked); `display` is the value's
    /// printable text when it is not valid UTF-8.
    mutating func insert(_ entry: ConfigEntry, type: CmapValueType, display: String?) {
        entries[entry.key] = entry
        types[entry.key] = type == .str ? nil : type
        printableValues[entry.key] = display
    }

    /// Replaces (or removes) `key` with its entry and type in `other`.
    public mutating func copy(_ key: String, from other: ParsedConfig) {
        entries[key] = other.entries[key]
        types[key] = other.types[key]
        printableValues[key] = other.printableValues[key]
    }
}
