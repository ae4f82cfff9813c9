import Logging
import Synchronization

/// A swift-log handler that keeps every message, for tests that count log lines.
struct CapturedLog: LogHandler {
    final class Lines: Sendable {
        private let lines = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])

        func append(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
            lines.withLock { $0.append((level, message, metadata)) }
        }

        /// Messages containing `text`, with their metadata.
        func matching(_ text: String) -> [(message: String, metadata: Logger.Metadata)] {
            lines.withLock { $0.filter { $0.1.contains(text) }.map { ($0.1, $0.2) } }
        }
    }

    let lines: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append(event.level, "\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 })
    }

    /// A logger writing into `lines`.
    static func logger(_ lines: Lines) -> Logger {
        Logger(label: "test") { _ in CapturedLog(lines: lines) }
    }
}
