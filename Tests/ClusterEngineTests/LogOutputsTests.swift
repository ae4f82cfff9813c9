import ClusterEngine
import Foundation
import Logging
import Synchronization
import Testing
import Totem

/// The running outputs: each destination filtered on its own, and a reload (``LogOutputs/apply(_:)``)
/// changing priorities, debug and the log file at runtime.
@Suite struct LogOutputsTests {
    final class Capture: Sendable {
        let stderr = Mutex<[String]>([])
        let syslog = Mutex<[(Int32, String)]>([])
    }

    static func outputs(_ section: String, _ capture: Capture) throws -> LogOutputs {
        try LogOutputs(
            try LogPolicyTests.logging(section), stderr: { line in capture.stderr.withLock { $0.append(line) } },
            syslog: { priority, text in capture.syslog.withLock { $0.append((priority, text)) } })
    }

    @Test func eachDestinationIsFilteredOnItsOwnAndReloadSwapsThePolicyAndFile() throws {
        let root = try LogFileTests.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = root.appendingPathComponent("a.log")
        let second = root.appendingPathComponent("b.log")
        let capture = Capture()
        let outputs = try Self.outputs(
            "to_logfile: yes\nlogfile: \(first.path)\nlogfile_priority: notice\nsyslog_priority: warning\ntimestamp: off\n"
                + "logger_subsys {\nsubsys: QUORUM\ndebug: on\n}", capture)
        var logger = Logger(label: "test") { _ in LogOutputsHandler(outputs: outputs) }
        logger[metadataKey: "subsys"] = "TOTEM"
        logger.info("totem info")
        logger.notice("totem notice")
        logger.debug("totem debug")
        logger.debug("quorum debug", metadata: ["subsys": "QUORUM"])
        let pid = getpid()
        let host = LogLineFormat.hostName()
        #expect(capture.stderr.withLock { $0 } == ["notice  [TOTEM ] totem notice\n", "debug   [QUORUM] quorum debug\n"])
        #expect(
            LogFileTests.read(first)
                == "[\(pid)] \(host) corosyncnotice  [TOTEM ] totem notice\n[\(pid)] \(host) corosyncdebug   [QUORUM] quorum debug\n")
        #expect(capture.syslog.withLock { $0.map(\.0) } == [30])
        #expect(capture.syslog.withLock { $0.map(\.1) } == [" [QUORUM] quorum debug"])

        try outputs.apply(try LogPolicyTests.logging("to_logfile: yes\nlogfile: \(second.path)\nlogfile_priority: info\nto_syslog: no"))
        #expect(logger.logLevel == .info)
        logger.info("after reload")
        logger.debug("quorum debug dropped", metadata: ["subsys": "QUORUM"])
        #expect(LogFileTests.read(first)?.contains("after reload") == false)
        #expect(LogFileTests.read(second)?.hasSuffix("corosync info    [TOTEM ] after reload\n") == true)
        #expect(capture.syslog.withLock { $0.count } == 1)
        #expect(capture.stderr.withLock { $0.last?.hasSuffix("info    [TOTEM ] after reload\n") } == true)

        try outputs.apply(try LogPolicyTests.logging("to_logfile: no"))
        #expect(outputs.file == nil)
    }

    @Test func aReloadWithAFileThatCannotBeOpenedChangesNothing() throws {
        let capture = Capture()
        let outputs = try Self.outputs("logfile_priority: notice", capture)
        #expect(throws: LogFileError.self) {
            try outputs.apply(try LogPolicyTests.logging("to_logfile: yes\nlogfile: /nonexistent-dir/x.log\nlogfile_priority: info"))
        }
        #expect(outputs.policy.destinations(level: .info, subsys: "MAIN") == [.syslog])
    }
}
