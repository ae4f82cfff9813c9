import Logging
import Totem

/// The outputs a log message can go to.
public struct LogDestinations: OptionSet, Hashable, Sendable {
    /// The option bits.
    public let rawValue: UInt8
    /// The set with these bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Standard error (`to_stderr`).
    public static let stderr = LogDestinations(rawValue: 1)
    /// The log file (`to_logfile` with `logfile`).
    public static let logfile = LogDestinations(rawValue: 2)
    /// syslog(3) (`to_syslog`).
    public static let syslog = LogDestinations(rawValue: 4)
}

/// Which destinations get a message of a level from a subsystem, as corosync 3.1.7's logsys
/// configures libqb from the `logging` section:
/// - the log file and standard error both take messages up to `logfile_priority`, syslog up to
///   `syslog_priority` (libqb filters stderr with the logfile priority);
/// - `debug: on` lifts both to debug, `debug: trace` to trace (then the priorities are ignored);
///   debug: off leaves them, so `logfile_priority: debug` still lets debug messages through;
/// - a `logger_subsys { subsys: X ... }` sets these for messages whose `subsys` is X (values it
///   leaves out inherit the global ones); other subsystems follow the global settings;
/// - `to_stderr`, `to_syslog` and `to_logfile` are taken from the global settings: libqb has
///   one stderr, one syslog and (for one `logfile`) one file target.
public struct LogPolicy: Hashable, Sendable {
    /// The thresholds of one subsystem (syslog numbers: 0 emerg ... 7 debug, 8 trace).
    struct Thresholds: Hashable, Sendable {
        var logfile: Int
        var syslog: Int

        init(_ settings: LoggingConfig.Settings) {
            switch settings.debug {
            case .off:
                logfile = LogPolicy.priorityNumber(settings.logfilePriority)
                syslog = LogPolicy.priorityNumber(settings.syslogPriority)
            case .on:
                (logfile, syslog) = (7, 7)
            case .trace:
                (logfile, syslog) = (8, 8)
            }
        }
    }

    /// The enabled outputs (a log file only when `logfile` names one).
    public let enabled: LogDestinations
    /// `timestamp`.
    public let timestamp: LoggingConfig.Timestamp
    /// `syslog_facility`.
    public let syslogFacility: String
    /// The file lines go to (nil: none).
    public let logfile: String?
    let global: Thresholds
    let subsystems: [String: Thresholds]

    /// The policy of `config`.
    public init(_ config: LoggingConfig) {
        let settings = config.global
        var enabled: LogDestinations = []
        if settings.toStderr { enabled.insert(.stderr) }
        if settings.toSyslog { enabled.insert(.syslog) }
        if settings.toLogfile, settings.logfile != nil { enabled.insert(.logfile) }
        self.enabled = enabled
        timestamp = settings.timestamp
        syslogFacility = settings.syslogFacility
        logfile = enabled.contains(.logfile) ? settings.logfile : nil
        global = Thresholds(settings)
        subsystems = config.subsystems.mapValues(Thresholds.init)
    }

    /// The destinations that take a `level` message from `subsys`.
    public func destinations(level: Logger.Level, subsys: String) -> LogDestinations {
        let thresholds = subsystems[subsys] ?? global
        let number = Self.syslogNumber(level)
        var result: LogDestinations = []
        if number <= thresholds.logfile {
            result.formUnion(enabled.intersection([.stderr, .logfile]))
        }
        if number <= thresholds.syslog {
            result.formUnion(enabled.intersection(.syslog))
        }
        return result
    }

    /// The lowest level any destination takes from any subsystem: loggers need not build
    /// messages below it.
    public var lowestLevel: Logger.Level {
        guard !enabled.isEmpty else { return .critical }
        let all = [global] + Array(subsystems.values)
        let most = all.map { thresholds in
            max(enabled.isDisjoint(with: [.stderr, .logfile]) ? 0 : thresholds.logfile,
                enabled.contains(.syslog) ? thresholds.syslog : 0)
        }.max() ?? 0
        return Logger.Level.allCases.filter { Self.syslogNumber($0) <= most }.min() ?? .critical
    }

    /// libqb's number of a swift-log level (trace is libqb's LOG_TRACE, one past debug).
    public static func syslogNumber(_ level: Logger.Level) -> Int {
        switch level {
        case .trace: 8
        case .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The number of a `*_priority` value (LoggingConfig accepts only syslog's names).
    static func priorityNumber(_ name: String) -> Int {
        ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"].firstIndex(of: name) ?? 6
    }
}
