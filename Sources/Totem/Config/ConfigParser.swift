/// The corosync.conf grammar of corosync 3.1.7 (`exec/coroparse.c`), as a pure function from
/// the file's bytes to a ``ParsedConfig``.
///
/// Lines are read as corosync reads them (``maximumLineLength`` bytes at most, a NUL byte ends a
/// line; see `ConfigLineReader`). Then, line by line:
///
/// | line (after removing the `\n`, one `\r` and trailing blanks) | meaning |
/// | --- | --- |
/// | empty, or first non-blank character `#` | ignored (there are no inline comments) |
/// | contains `{` | opens section `name` (text before `{`, trailing `:` dropped); nothing may follow `{` |
/// | contains `:` | `key: value`, split at the first colon |
/// | exactly `}` | closes the current section |
/// | anything else | error |
///
/// As in corosync, a section's kind comes from its full dotted path (`totem`, `quorum.device`,
/// `nodelist.node`, ...; a top-level `totem.interface {` is an interface section too) and its
/// subsections inherit it. The kind decides which keys are integers (``ConfigKeyTypes``;
/// checked as they are read, so the first bad line is the one reported), which values are
/// checked at once (`ip_version`, crypto and `system` choices), how `nodelist.node` sections
/// are numbered (0, 1, 2...: each node or subsection of a node that closes counts),
/// `logging.logger_subsys` sections are keyed by their `subsys`, `logging.logging_daemon` by
/// their `name` (and `subsys`), `totem.interface` by their `linknumber` with their `member`
/// addresses numbered; `uidgid` holds only `uid` and `gid`, each a number or a user or group of
/// this machine. Every stored key must be a valid cmap key name (3 to 255 characters of a-z A-Z
/// 0-9 . _ - / :), as corosync cannot store any other.
public enum ConfigParser {
    /// Longest line corosync reads, in bytes before its `\n` (a trailing `\r` counts): its
    /// `fgets` buffer is 512 bytes with the `\n` and the terminating NUL.
    public static let maximumLineLength = ConfigLineReader.bufferSize - 2
    /// Longest dotted cmap key corosync stores: it builds keys with `snprintf` into
    /// `ICMAP_KEYNAME_MAXLEN` (255) bytes, cutting longer ones, and refuses a section or key
    /// line whose path (with the separating dot) would not fit.
    public static let maximumPathLength = 254

    /// Parses `text` (its UTF-8 bytes); `file` is the name errors mention. `uidgid` users and
    /// groups are not looked up.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ParsedConfig {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses the bytes of a file; `file` is the name errors mention. `uidgid` users and
    /// groups are not looked up.
    public static func parse(bytes: [UInt8], file: String) throws(ConfigError) -> ParsedConfig {
        try run(bytes, file: file, accounts: Accounts(user: { _ in true }, group: { _ in true }))
    }

    /// Parses the bytes of a file, looking `uidgid` users and groups up on `machine`.
    public static func parse(
        bytes: [UInt8], file: String, machine: some LocalAddressProvider
    ) throws(ConfigError) -> ParsedConfig {
        try run(bytes, file: file, accounts: Accounts(user: machine.hasUser, group: machine.hasGroup))
    }

    private static func run(_ bytes: [UInt8], file: String, accounts: Accounts) throws(ConfigError) -> ParsedConfig {
        var state = ParserState(file: file, accounts: accounts)
        var reader = ConfigLineReader(bytes)
        var number = 0
        while let chunk = reader.next() {
            number += 1
            switch reader.line(chunk) {
            case .text(let line):
                try state.read(line, number: number)
            case .tooLong(let length):
                let got = length.map { "\($0)" } ?? "\(maximumLineLength + 1) or more"
                throw state.error(
                    .lineTooLong, number, key: state.stack.last?.pathText,
                    "line too long: expected at most \(maximumLineLength) bytes before its end, got \(got)", nil)
            case .nul(var bytes):
                while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
                    bytes = bytes.dropLast()
                }
                throw state.error(
                    .nulByte, number, key: state.stack.last?.pathText,
                    "expected no NUL byte in a line (corosync reads such a line as too long)",
                    ConfigText.printable(bytes: bytes))
            }
        }
        return try state.finish(lineCount: number)
    }
}

/// Looks `uidgid` names up.
struct Accounts {
    var user: (String) -> Bool
    var group: (String) -> Bool
}
