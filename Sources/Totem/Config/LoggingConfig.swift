/// The `logging` section with corosync 3.1.7's defaults (`man corosync.conf`). A value that
/// corosync's `logconfig.c` refuses is a ``ConfigError/Code/invalidLoggingValue`` (exit status 7).
public struct LoggingConfig: Hashable, Sendable {
    /// `debug`.
    public enum Debug: String, Hashable, Sendable, CaseIterable {
        /// No debug messages.
        case off
        /// Debug messages.
        case on
        /// Debug and trace messages.
        case trace
    }

    /// `timestamp`.
    public enum Timestamp: String, Hashable, Sendable, CaseIterable {
        /// No timestamp.
        case off
        /// Seconds.
        case on
        /// Milliseconds.
        case hires
    }

    /// Settings that exist globally and per `logger_subsys`.
    public struct Settings: Hashable, Sendable {
        /// `to_stderr` (default yes).
        public var toStderr = true
        /// `to_logfile` (default no).
        public var toLogfile = false
        /// `to_syslog` (default yes).
        public var toSyslog = true
        /// `logfile` (no default).
        public var logfile: String?
        /// `debug` (default off).
        public var debug = Debug.off
        /// `timestamp` (default hires).
        public var timestamp = Timestamp.hires
        /// `fileline` (default off).
        public var fileline = false
        /// `function_name` (default off).
        public var functionName = false
        /// `syslog_facility` (default daemon).
        public var syslogFacility = "daemon"
        /// `syslog_priority` (default info).
        public var syslogPriority = "info"
        /// `logfile_priority` (default info).
        public var logfilePriority = "info"
    }

    /// The global settings.
    public var global: Settings
    /// `blackbox` (default on).
    public var blackbox: Bool
    /// Per-subsystem overrides, by `subsys` (unset keys inherit from ``global``).
    public var subsystems: [String: Settings]

    static let priorities = ["alert", "crit", "debug", "emerg", "err", "info", "notice", "warning"]
    static let facilities = ["daemon"] + (0...7).map { "local\($0)" }

    init(_ reader: ConfigReader) throws(ConfigError) {
        global = try LoggingConfig.settings(reader, prefix: "logging.", base: Settings())
        blackbox = try reader.onOff("logging.blackbox", code: .invalidLoggingValue) ?? true
        var subsystems: [String: Settings] = [:]
        for entry in reader.config.entries(withPrefix: "logging.logger_subsys.") where entry.key.hasSuffix(".subsys") {
            let prefix = String(entry.key.dropLast("subsys".count))
            subsystems[entry.value] = try LoggingConfig.settings(reader, prefix: prefix, base: global)
        }
        self.subsystems = subsystems
    }

    private static func settings(_ reader: ConfigReader, prefix: String, base: Settings) throws(ConfigError)
        -> Settings
    {
        func pick(_ key: String, _ choices: [String]) throws(ConfigError) -> String? {
            try reader.choice(prefix + key, choices, code: .invalidLoggingValue)
        }
        func yesNo(_ key: String) throws(ConfigError) -> Bool? {
            try reader.yesNo(prefix + key, code: .invalidLoggingValue)
        }
        func onOff(_ key: String) throws(ConfigError) -> Bool? {
            try reader.onOff(prefix + key, code: .invalidLoggingValue)
        }
        var settings = base
        settings.toStderr = try yesNo("to_stderr") ?? base.toStderr
        settings.toLogfile = try yesNo("to_logfile") ?? base.toLogfile
        settings.toSyslog = try yesNo("to_syslog") ?? base.toSyslog
        settings.logfile = reader.string(prefix + "logfile") ?? base.logfile
        settings.debug = try pick("debug", Debug.allCases.map(\.rawValue)).flatMap(Debug.init) ?? base.debug
        settings.timestamp =
            try pick("timestamp", Timestamp.allCases.map(\.rawValue)).flatMap(Timestamp.init) ?? base.timestamp
        settings.fileline = try onOff("fileline") ?? base.fileline
        settings.functionName = try onOff("function_name") ?? base.functionName
        settings.syslogFacility = try pick("syslog_facility", facilities) ?? base.syslogFacility
        settings.syslogPriority = try pick("syslog_priority", priorities) ?? base.syslogPriority
        settings.logfilePriority = try pick("logfile_priority", priorities) ?? base.logfilePriority
        return settings
    }
}
