/// A corosync.conf after the grammar pass: every key under its dotted cmap name, each
/// remembering its line, integer keys already checked against their cmap type.
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
    /// The line of each section's opening `{`, by dotted path (`nodelist.node.1`).
    public var sectionLines: [String: Int]
    /// The number of lines in the file.
    public var lineCount: Int

    /// Makes an empty configuration for `file`.
    public init(file: String) {
        self.file = file
        self.entries = [:]
        self.sectionLines = [:]
        self.lineCount = 0
    }

    /// The entry of `key`, if present.
    public subscript(key: String) -> ConfigEntry? { entries[key] }

    /// The entries whose key starts with `prefix`, in key order.
    public func entries(withPrefix prefix: String) -> [ConfigEntry] {
        entries.values.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
    }

    /// The cmap type of `key` as corosync stores it.
    public func type(of key: String) -> CmapValueType { ConfigKeyTypes.type(of: key) }

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

    /// Adds or replaces an entry after checking an integer key's value against its type.
    mutating func insert(_ entry: ConfigEntry) throws(ConfigError) {
        let type = ConfigKeyTypes.type(of: entry.key)
        if type != .str, type.integer(from: entry.value) == nil {
            throw ConfigKeyTypes.rangeError(
                file: file, line: entry.line, key: entry.key, value: entry.value, type: type)
        }
        entries[entry.key] = entry
    }
}
