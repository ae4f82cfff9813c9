import Glibc
import Synchronization

/// The file `logging { to_logfile: yes  logfile: <path> }` names, appended to line by line, that
/// `cfgtool -L` closes and opens again at its path (corosync's `logsys_reopen_log_files`), so
/// that after logrotate renamed it new lines go to a new file at the configured path.
///
/// ```swift
/// let file = try LogFile(path: "/var/log/cluster/totemd.log")
/// file.write("Nov 22 02:54:26.940 notice  [MAIN  ] ...\n")
/// try file.reopen()      // after `mv totemd.log totemd.log.1`: totemd.log is created again
/// ```
public final class LogFile: Sendable {
    /// The configured path.
    public let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (creating it, mode 0640 less the umask) `path` for appending.
    /// - Throws: ``LogFileError`` when it cannot be opened.
    public init(path: String) throws(LogFileError) {
        self.path = path
        descriptor = Mutex(try Self.open(path))
    }

    deinit { close(descriptor.withLock { $0 }) }

    /// Appends `line` (complete lines are written by one call, so lines from several threads
    /// never interleave). A failed write is dropped: logging never stops the daemon.
    public func write(_ line: String) {
        var text = line
        text.withUTF8 { bytes in
            descriptor.withLock { fd in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }

    /// Opens `path` again and closes the file written so far; lines written after it returns go
    /// to the file now at `path` (created if it was renamed or removed). When `path` cannot be
    /// opened, the old file stays in use.
    /// - Throws: ``LogFileError``.
    public func reopen() throws(LogFileError) {
        let fresh = try Self.open(path)
        let old = descriptor.withLock { fd in
            defer { fd = fresh }
            return fd
        }
        close(old)
    }

    private static func open(_ path: String) throws(LogFileError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw LogFileError(path: path, code: errno) }
        return fd
    }
}

/// A log file that could not be opened.
public struct LogFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The `errno` of the failed `open`.
    public let code: Int32

    /// The error for `path` failing with `code`.
    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    /// `strerror` of ``code``.
    public var reason: String { String(cString: strerror(code)) }

    /// `Can't open logfile '<path>' for reason: <strerror> (<errno>)`, corosync's words.
    public var description: String { "Can't open logfile '\(path)' for reason: \(reason) (\(code))" }
}
