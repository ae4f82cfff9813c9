import Foundation
import Logging
import Synchronization

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
        let tag = subsys.count >= 6 ? String(subsys.prefix(6)) : subsys + String(repeating: " ", count: 6 - subsys.count)
        let level = Self.corosyncName(event.level)
        let padded = level + String(repeating: " ", count: max(0, 7 - level.count))
        output("\(Self.timestamp()) \(padded) [\(tag)] \(event.message)\n")
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

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = now.tv_nsec / 1_000_000
        let milliText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(months[Int(parts.tm_mon)]) \(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(milliText)"
    }
}
