import Foundation
import Logging
import Synchronization
import Totem

/// A swift-log handler that writes corosync-style lines to a stream:
/// `Nov 22 02:54:26.940 notice  [TOTEM ] A new membership (1.5) was formed. Members joined: 2`.
///
/// The subsystem tag comes from the `subsys` metadata key (default `MAIN`).
public struct CorosyncLogHandler: LogHandler {
    /// The level below which messages are dropped.
    public var logLevel: Logger.Level
    /// Metadata attached to every message of this logger.
    public var metadata: Logger.Metadata = [:]
    private let output: @Sendable (String) -> Void

    /// A handler writing to standard error.
    public static func standardError(label: String, level: Logger.Level = .info) -> CorosyncLogHandler {
        CorosyncLogHandler(level: level) { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// A handler writing each finished line to `output`.
    public init(level: Logger.Level = .info, output: @escaping @Sendable (String) -> Void) {
        self.logLevel = level
        self.output = output
    }

    /// Metadata access by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one message.
    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let subsys = merged["subsys"].map { "\($0)" } ?? "MAIN"
        let format = LogLineFormat(timestamp: .hires, pid: 0, host: "")
        output(format.stderrLine(level: event.level, subsys: subsys, message: "\(event.message)", at: LogLineFormat.now()))
    }

    /// corosync's level names.
    static func corosyncName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "crit"
        }
    }
}
