import Glibc
import Logging
import Synchronization
import Totem

/// The running logging configuration of a daemon: the ``LogPolicy`` in force, the open log
/// file and syslog, all replaceable at runtime (a configuration reload), and safe to use from
/// any thread. ``LogOutputsHandler`` sends swift-log messages here.
///
/// ```swift
/// let outputs = try LogOutputs(config.logging)          // opens `logfile` when to_logfile: yes
/// LoggingSystem.bootstrap { _ in LogOutputsHandler(outputs: outputs) }
/// try outputs.apply(reloaded.logging)                    // new priorities, debug, file, ...
/// ```
public final class LogOutputs: Sendable {
    struct State {
        var policy: LogPolicy
        var format: LogLineFormat
        var file: LogFile?
        var syslogFacility: String?
    }

    private let state: Mutex<State>
    private let stderr: @Sendable (String) -> Void
    private let syslog: @Sendable (Int32, String) -> Void

    /// Outputs for `config`, writing to the process's standard error and syslog(3).
    /// - Throws: ``LogFileError`` when `to_logfile: yes` names a file that cannot be opened.
    public convenience init(_ config: LoggingConfig) throws(LogFileError) {
        try self.init(config, stderr: Self.writeStandardError, syslog: Self.writeSyslog)
    }

    /// Outputs for `config` writing standard error lines to `stderr` and syslog messages
    /// (priority with facility, text) to `syslog` (for tests).
    /// - Throws: ``LogFileError`` when `to_logfile: yes` names a file that cannot be opened.
    public init(
        _ config: LoggingConfig, stderr: @escaping @Sendable (String) -> Void,
        syslog: @escaping @Sendable (Int32, String) -> Void
    ) throws(LogFileError) {
        let policy = LogPolicy(config)
        let file = try policy.logfile.map { path throws(LogFileError) in try LogFile(path: path) }
        state = Mutex(State(policy: policy, format: LogLineFormat(timestamp: policy.timestamp), file: file))
        self.stderr = stderr
        self.syslog = syslog
    }

    /// The policy in force.
    public var policy: LogPolicy { state.withLock { $0.policy } }

    /// The open log file, if any.
    public var file: LogFile? { state.withLock { $0.file } }

    /// Applies a reloaded `logging` section, as corosync re-runs its logging configuration:
    /// priorities, debug, subsystems, timestamp and destinations at once. A changed `logfile`
    /// is opened (the old file is closed); one no longer wanted is closed.
    /// - Throws: ``LogFileError`` when the new file cannot be opened: then nothing changes.
    public func apply(_ config: LoggingConfig) throws(LogFileError) {
        let policy = LogPolicy(config)
        let current = state.withLock { $0.file }
        var file = current
        if let path = policy.logfile {
            if current?.path != path { file = try LogFile(path: path) }
        } else {
            file = nil
        }
        state.withLock { state in
            state.policy = policy
            state.format.timestamp = policy.timestamp
            state.file = file
        }
    }

    /// `cfgtool -L`: reopens the log file at its path (nothing to do without one).
    /// - Throws: ``LogFileError`` when it cannot be opened (the old file stays in use).
    public func reopen() throws(LogFileError) {
        try state.withLock { $0.file }?.reopen()
    }

    /// Writes `message` of `level` from `subsys` to the destinations the policy gives.
    public func log(level: Logger.Level, subsys: String, message: String) {
        let (destinations, format, file, facility, openSyslog) = state.withLock { state in
            let destinations = state.policy.destinations(level: level, subsys: subsys)
            let facility = state.policy.syslogFacility
            let openSyslog = destinations.contains(.syslog) && state.syslogFacility != facility
            if openSyslog { state.syslogFacility = facility }
            return (destinations, state.format, state.file, facility, openSyslog)
        }
        guard !destinations.isEmpty else { return }
        let time = LogLineFormat.now()
        if destinations.contains(.stderr) {
            stderr(format.stderrLine(level: level, subsys: subsys, message: message, at: time))
        }
        if destinations.contains(.logfile), let file {
            file.write(format.fileLine(level: level, subsys: subsys, message: message, at: time))
        }
        if destinations.contains(.syslog) {
            if openSyslog { Self.openSyslog(facility: facility) }
            syslog(LogLineFormat.syslogPriority(level, facility: facility), format.syslogMessage(subsys: subsys, message: message))
        }
    }

    /// The lowest level any destination takes now.
    public var lowestLevel: Logger.Level { state.withLock { $0.policy.lowestLevel } }

    /// openlog(3) keeps the ident pointer: a copy that is never freed, kept as its address.
    private static let identAddress = UInt(bitPattern: strdup(LogLineFormat.name))

    /// openlog(3) with ident `corosync`, the pid and `facility`, as libqb does (again when the
    /// facility changed). Without a syslog daemon, syslog(3) drops the messages.
    static func openSyslog(facility: String) {
        openlog(UnsafePointer<CChar>(bitPattern: identAddress), LOG_PID, LogLineFormat.facilityCode(facility))
    }

    @Sendable static func writeSyslog(_ priority: Int32, _ text: String) {
        text.withCString { text in
            withVaList([text]) { arguments in vsyslog(priority, "%s", arguments) }
        }
    }

    @Sendable static func writeStandardError(_ line: String) {
        var text = line
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

/// A swift-log handler sending every message to a ``LogOutputs``, subsystem from the `subsys`
/// metadata key (default `MAIN`). Its level follows the outputs' policy, also after a reload.
public struct LogOutputsHandler: LogHandler {
    /// Where messages go.
    public let outputs: LogOutputs
    /// Metadata attached to every message of this logger.
    public var metadata: Logger.Metadata = [:]

    /// A handler for `outputs`.
    public init(outputs: LogOutputs) { self.outputs = outputs }

    /// The lowest level the policy in force takes (setting it has no effect: the policy rules).
    public var logLevel: Logger.Level {
        get { outputs.lowestLevel }
        set {}  // swiftlint:disable:this unused_setter_value
    }

    /// Metadata access by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends one message to the outputs.
    public func log(event: LogEvent) {
        let subsys = event.metadata?["subsys"] ?? metadata["subsys"]
        outputs.log(level: event.level, subsys: subsys.map { "\($0)" } ?? "MAIN", message: "\(event.message)")
    }
}
