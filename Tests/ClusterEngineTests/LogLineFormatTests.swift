import ClusterEngine
import Foundation
import Glibc
import Logging
import Testing
import Totem

/// The line formats corosync 3.1.7 writes for each `timestamp` value, as captured from a stock
/// node (`corosync -f` with to_stderr, to_logfile and a listener on /dev/log).
@Suite struct LogLineFormatTests {
    /// 2026-12-06 19:09:25.450 in local time.
    static func time() -> timespec {
        var parts = tm()
        parts.tm_year = 126
        parts.tm_mon = 11
        parts.tm_mday = 6
        parts.tm_hour = 19
        parts.tm_min = 9
        parts.tm_sec = 25
        parts.tm_isdst = -1
        return timespec(tv_sec: mktime(&parts), tv_nsec: 450_123_456)
    }

    static func format(_ timestamp: LoggingConfig.Timestamp) -> LogLineFormat {
        LogLineFormat(timestamp: timestamp, pid: 6951, host: "vm")
    }

    @Test func stderrLines() {
        let t = Self.time()
        #expect(Self.format(.off).stderrLine(level: .notice, subsys: "MAIN", message: "up", at: t) == "notice  [MAIN  ] up\n")
        #expect(Self.format(.on).stderrLine(level: .warning, subsys: "WD", message: "x", at: t) == "Dec 06 19:09:25 warning [WD    ] x\n")
        #expect(
            Self.format(.hires).stderrLine(level: .debug, subsys: "QUORUM", message: "q", at: t)
                == "Dec 06 19:09:25.450 debug   [QUORUM] q\n")
    }

    @Test func fileLines() {
        let t = Self.time()
        #expect(
            Self.format(.off).fileLine(level: .notice, subsys: "TOTEM", message: "m", at: t)
                == "[6951] vm corosyncnotice  [TOTEM ] m\n")
        #expect(
            Self.format(.on).fileLine(level: .notice, subsys: "TOTEM", message: "m", at: t)
                == "Dec 06 19:09:25 [6951] vm corosync notice  [TOTEM ] m\n")
        #expect(
            Self.format(.hires).fileLine(level: .critical, subsys: "LONGNAME", message: "m", at: t)
                == "Dec 06 19:09:25.450 [6951] vm corosync crit    [LONGNA] m\n")
    }

    @Test func millisecondsArePaddedToThreeDigits() {
        var t = Self.time()
        t.tv_nsec = 7_000_000
        #expect(Self.format(.hires).stderrLine(level: .info, subsys: "SYNC", message: "s", at: t).hasPrefix("Dec 06 19:09:25.007 info    [SYNC  ]"))
    }

    @Test func syslogMessagesDropTimeAndLevel() {
        #expect(Self.format(.off).syslogMessage(subsys: "MAIN", message: "m") == " [MAIN  ] m")
        #expect(Self.format(.hires).syslogMessage(subsys: "QUORUM", message: "m") == "  [QUORUM] m")
    }

    @Test func syslogPrioritiesBumpDebugAndTraceAndCarryTheFacility() {
        // <28>, <29>, <30> on a stock node: warning, notice, and debug sent as info (daemon).
        #expect(LogLineFormat.syslogPriority(.warning, facility: "daemon") == 28)
        #expect(LogLineFormat.syslogPriority(.notice, facility: "daemon") == 29)
        #expect(LogLineFormat.syslogPriority(.debug, facility: "daemon") == 30)
        #expect(LogLineFormat.syslogPriority(.trace, facility: "daemon") == 31)
        #expect(LogLineFormat.syslogPriority(.error, facility: "local3") == (19 << 3) | 3)
        #expect(LogLineFormat.syslogPriority(.critical, facility: "local7") == (23 << 3) | 2)
    }
}
