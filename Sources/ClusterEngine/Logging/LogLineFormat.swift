import Glibc
import Logging
import Totem

/// The lines corosync 3.1.7 (logsys on libqb) writes, as observed from a stock node:
///
/// | destination | `timestamp: off` | `on` | `hires` |
/// | --- | --- | --- | --- |
/// | stderr | `notice  [TOTEM ] msg` | `Dec 06 19:09:18 notice  [TOTEM ] msg` | `Dec 06 19:09:25.450 notice  [TOTEM ] msg` |
/// | log file | `[PID] HOST corosyncnotice  [TOTEM ] msg` | `Dec 06 19:09:18 [PID] HOST corosync notice  [TOTEM ] msg` | same with `.450` |
/// | syslog | ` [TOTEM ] msg` | `  [TOTEM ] msg` | `  [TOTEM ] msg` |
///
/// (The file format without a timestamp really lacks the space after `corosync`: libqb's
/// `[%P] %H %N` is glued to `%7p`.) syslog adds its own time, ident `corosync` and pid.
/// `fileline` and `function_name` are not applied: Swift call sites carry no C function names
/// worth printing, and the lines stay as with the defaults.
public struct LogLineFormat: Sendable {
    /// `timestamp`.
    public var timestamp: LoggingConfig.Timestamp
    /// The process id in log file lines.
    public var pid: Int32
    /// The host name in log file lines.
    public var host: String
    /// The program name in log file lines and the syslog ident.
    public static let name = "corosync"

    /// A format for this process and host.
    public init(timestamp: LoggingConfig.Timestamp, pid: Int32 = getpid(), host: String = Self.hostName()) {
        self.timestamp = timestamp
        self.pid = pid
        self.host = host
    }

    /// The standard error line, with its newline.
    public func stderrLine(level: Logger.Level, subsys: String, message: String, at time: timespec) -> String {
        "\(stamp(time).map { $0 + " " } ?? "")\(Self.body(level: level, subsys: subsys, message: message))\n"
    }

    /// The log file line, with its newline.
    public func fileLine(level: Logger.Level, subsys: String, message: String, at time: timespec) -> String {
        let origin = "[\(pid)] \(host) \(Self.name)"
        let body = Self.body(level: level, subsys: subsys, message: message)
        guard let stamp = stamp(time) else { return "\(origin)\(body)\n" }
        return "\(stamp) \(origin) \(body)\n"
    }

    /// The text handed to syslog(3): corosync's format without time and priority.
    public func syslogMessage(subsys: String, message: String) -> String {
        (timestamp == .off ? " " : "  ") + "[\(Self.tag(subsys))] \(message)"
    }

    /// The syslog priority of `level` with `facility`: libqb sends debug as info and trace as
    /// debug (its priority bump for levels below info).
    public static func syslogPriority(_ level: Logger.Level, facility: String) -> Int32 {
        let number = LogPolicy.syslogNumber(level)
        return Int32(number > 6 ? number - 1 : number) | facilityCode(facility)
    }

    /// The code of a `syslog_facility` value (daemon, local0...local7).
    public static func facilityCode(_ name: String) -> Int32 {
        if name.hasPrefix("local"), let index = Int32(name.dropFirst(5)), (0...7).contains(index) {
            return (16 + index) << 3
        }
        return 3 << 3  // LOG_DAEMON
    }

    /// `notice  [TOTEM ] message`: the level padded to 7, the subsystem to 6 (cut beyond).
    static func body(level: Logger.Level, subsys: String, message: String) -> String {
        let name = CorosyncLogHandler.corosyncName(level)
        return name + String(repeating: " ", count: max(0, 7 - name.count)) + " [\(tag(subsys))] \(message)"
    }

    static func tag(_ subsys: String) -> String {
        subsys.count >= 6 ? String(subsys.prefix(6)) : subsys + String(repeating: " ", count: 6 - subsys.count)
    }

    /// `Dec 06 19:09:18` (on), `Dec 06 19:09:25.450` (hires), nil (off); local time.
    func stamp(_ time: timespec) -> String? {
        guard timestamp != .off else { return nil }
        var seconds = time.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(months[Int(parts.tm_mon)]) \(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        guard timestamp == .hires else { return text }
        let millis = time.tv_nsec / 1_000_000
        return text + (millis < 10 ? ".00\(millis)" : millis < 100 ? ".0\(millis)" : ".\(millis)")
    }

    /// The current time for ``stderrLine(level:subsys:message:at:)`` and ``fileLine(level:subsys:message:at:)``.
    public static func now() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now
    }

    /// gethostname(2), as libqb's `%H`.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
