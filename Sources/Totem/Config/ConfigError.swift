/// Why a corosync.conf was refused: where (file, line, dotted key), what was expected and the
/// offending value.
///
/// The description has the form
///
/// ```
/// corosync.conf:12: totem.token: expected an integer in range 0..4294967295 (milliseconds), got "fast"
/// ```
///
/// Errors that concern the whole file (no local node, duplicate node ids) still name the most
/// relevant line and key. ``Code`` tells the kinds apart for programs; the text is for people:
/// it holds only printable characters (a NUL, a control character or a byte that is not UTF-8
/// is shown as `\x00`, see ``ConfigText/printable(bytes:)``).
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem. New kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `lineTooLong`.
        public let name: String
        private init(_ name: String) { self.name = name }

        /// The file could not be read (reported by the runtime).
        public static let unreadableFile = Code("unreadableFile")
        /// A line longer than 510 bytes before its `\n`.
        public static let lineTooLong = Code("lineTooLong")
        /// A NUL byte inside a line (corosync reads the line as too long).
        public static let nulByte = Code("nulByte")
        /// Text after an opening `{` (this includes a value containing `{`).
        public static let extraAfterOpeningBrace = Code("extraAfterOpeningBrace")
        /// `{` with no section name before it.
        public static let missingSectionName = Code("missingSectionName")
        /// `}` with other text on its line.
        public static let extraAroundClosingBrace = Code("extraAroundClosingBrace")
        /// `}` outside any section.
        public static let unexpectedClosingBrace = Code("unexpectedClosingBrace")
        /// End of file inside a section.
        public static let missingClosingBrace = Code("missingClosingBrace")
        /// A line that is neither `name {`, `}` nor `key: value`.
        public static let notKeyValue = Code("notKeyValue")
        /// `: value` with an empty key. (No longer produced: corosync 3.1.7 stores an empty key
        /// inside a section, and refuses one at the top level as an ``invalidKeyName``.)
        public static let missingKeyName = Code("missingKeyName")
        /// A key cmap cannot store: fewer than 3 or more than 255 characters with its section
        /// path, or a character other than a-z A-Z 0-9 . _ - / : in it or in its section names.
        public static let invalidKeyName = Code("invalidKeyName")
        /// A dotted key path of 255 characters or more.
        public static let pathTooLong = Code("pathTooLong")
        /// A `logger_subsys` section without `subsys`.
        public static let missingSubsys = Code("missingSubsys")
        /// A `logging_daemon` section without `name`.
        public static let missingDaemonName = Code("missingDaemonName")
        /// A `uidgid` item other than `uid` or `gid`.
        public static let badUidGid = Code("badUidGid")
        /// A `uidgid` user or group this machine does not have.
        public static let unknownAccount = Code("unknownAccount")
        /// A subsection where corosync 3.1.7 crashes on one (in `logger_subsys`,
        /// `logging_daemon`, or in `interface` after a `member`).
        public static let unsupportedSubsection = Code("unsupportedSubsection")
        /// An integer key whose value is not a decimal integer in the key's range.
        public static let integerRange = Code("integerRange")
        /// `totem.version` is not 2.
        public static let unsupportedVersion = Code("unsupportedVersion")
        /// A transport corosync knows but this engine does not run (knet, udp).
        public static let unsupportedTransport = Code("unsupportedTransport")
        /// A transport corosync does not know.
        public static let invalidTransport = Code("invalidTransport")
        /// Encryption or authentication asked for (only `none` is supported on udpu).
        public static let unsupportedCrypto = Code("unsupportedCrypto")
        /// A crypto value corosync does not know.
        public static let invalidCrypto = Code("invalidCrypto")
        /// `ip_version` other than ipv4, ipv6, ipv4-6, ipv6-4.
        public static let invalidIPVersion = Code("invalidIPVersion")
        /// A timer below its minimum, or consensus below join.
        public static let timerTooSmall = Code("timerTooSmall")
        /// `token_warning` above 100.
        public static let tokenWarningRange = Code("tokenWarningRange")
        /// An interface setting udpu cannot honour (a second link, ttl, knet link priority or
        /// transport) or an mcastaddr that is not an address.
        public static let badInterface = Code("badInterface")
        /// `netmtu` outside what a totem packet can use (see ``TotemConfig``).
        public static let invalidNetMTU = Code("invalidNetMTU")
        /// A yes/no (or similar) key with another value.
        public static let invalidChoice = Code("invalidChoice")
        /// No `nodelist` with at least one `ring0_addr`.
        public static let noNodes = Code("noNodes")
        /// A node without `ring0_addr`. (No longer produced: corosync leaves such a node out of
        /// the ring, and so does this engine.)
        public static let missingRingAddress = Code("missingRingAddress")
        /// A ring address that is neither an IP address nor a resolvable name.
        public static let unresolvableAddress = Code("unresolvableAddress")
        /// Nodes of link 0 in different IP families.
        public static let mixedAddressFamilies = Code("mixedAddressFamilies")
        /// A node without `nodeid` whose address is not IPv4.
        public static let nodeIDRequired = Code("nodeIDRequired")
        /// Two nodes with the same (given or generated) node id.
        public static let duplicateNodeID = Code("duplicateNodeID")
        /// Two nodes with the same ring0 address.
        public static let duplicateAddress = Code("duplicateAddress")
        /// More nodes than totem's membership messages can name (384, corosync's
        /// PROCESSOR_COUNT_MAX).
        public static let tooManyNodes = Code("tooManyNodes")
        /// No node matches this machine's name or addresses.
        public static let noLocalNode = Code("noLocalNode")
        /// `--nodeid N` names no node of the nodelist.
        public static let unknownLocalNodeID = Code("unknownLocalNodeID")
        /// A logging value corosync's logconfig refuses (exit status 7).
        public static let invalidLoggingValue = Code("invalidLoggingValue")

        /// The stable name.
        public var description: String { name }
    }

    /// The kind of problem.
    public var code: Code
    /// The file as the caller named it (path or base name).
    public var file: String
    /// The 1-based line; 0 when the file is empty.
    public var line: Int
    /// The dotted cmap key (`totem.token`), or the section path for grammar errors; nil if none.
    public var key: String?
    /// What was expected, in words (`expected an integer in range 0..255`).
    public var expected: String
    /// The offending value or line text; nil if there is none.
    public var value: String?

    /// Makes an error; see the properties.
    public init(_ code: Code, file: String, line: Int, key: String?, expected: String, value: String?) {
        self.code = code
        self.file = file
        self.line = line
        self.key = key
        self.expected = expected
        self.value = value
    }

    /// `file:line: key: expected ..., got "value"`, every part made printable.
    public var description: String {
        var text = "\(ConfigText.printable(file)):\(line): "
        if let key, !key.isEmpty { text += "\(ConfigText.printable(key)): " }
        text += ConfigText.printable(expected)
        if let value { text += ", got \"\(ConfigText.printable(value))\"" }
        return text
    }

    /// corosync's exit status for this error: 7 for a bad logging value, 8 for everything else.
    public var exitStatus: Int32 { code == .invalidLoggingValue ? 7 : 8 }
}
