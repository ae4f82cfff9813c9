import Foundation
import Glibc
import Testing

/// A real `totemd` applying its `logging` section as a stock corosync 3.1.7 does, then
/// re-applying it on `cfgtool -R`: logfile_priority filters the file, a `logger_subsys` with
/// `debug: on` lets only its subsystem's debug messages through, `timestamp: off` writes lines
/// without a time; the reloaded section (priority info, no debug subsystem, timestamp on)
/// takes effect at once.
@Suite(.serialized) struct LoggingConfigProcessTests {
    static let isRoot = geteuid() == 0

    static func logging(_ path: String, priority: String, cfgDebug: Bool, timestamp: String) -> String {
        "logging {\n\tto_logfile: yes\n\tlogfile: \(path)\n\tto_stderr: yes\n\tto_syslog: no\n\tdebug: off\n"
            + "\tlogfile_priority: \(priority)\n\ttimestamp: \(timestamp)\n"
            + (cfgDebug ? "\tlogger_subsys {\n\t\tsubsys: CFG\n\t\tdebug: on\n\t}\n" : "") + "}\n"
    }

    static func count(_ text: String, in url: URL) -> Int {
        CfgtoolReopenProcessTests.read(url).components(separatedBy: text).count - 1
    }

    @Test(.enabled(if: isRoot, "needs root: totemd's IPC answers root (and configured uids) only"))
    func prioritiesDebugSubsystemsAndTimestampApplyAndReload() async throws {
        let logs = URL(fileURLWithPath: "/tmp/totemd-logcfg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logs) }
        let logfile = logs.appendingPathComponent("totemd.log")
        let base = QuorumtoolProcessTests.config(
            port: 41_000 + Int(getpid() % 500) * 2, nodes: 1, twoNode: false, voteQuorum: false)
        let cluster = try TotemdCluster(
            name: "logcfg",
            config: base + Self.logging(logfile.path, priority: "notice", cfgDebug: true, timestamp: "off"), nodes: [1])
        defer { cluster.shutdown() }
        func cfgtool(_ arguments: [String]) async throws -> ToolRun.Result {
            try await ToolRun.run(cluster.binary("cfgtool"), arguments + ["--run-dir", cluster.directory(of: 1).path])
        }
        func read() -> String { CfgtoolReopenProcessTests.read(logfile) }

        let formed = try await CfgtoolReopenProcessTests.waitFor("Completed service synchronization", in: logfile)
        #expect(formed, "no log file lines:\n\(read())\n\(cluster.logs())")
        guard formed else { return }
        // timestamp: off: corosync's file line without time ("corosync" glued to the level).
        let synchronized =
            /^\[\d+\] \S+ corosyncnotice  \[MAIN  \] Completed service synchronization, ready to provide service\.$/
        #expect(read().split(separator: "\n").contains { $0.wholeMatch(of: synchronized) != nil }, "\(read())")
        #expect(read().split(separator: "\n").allSatisfy { $0.hasPrefix("[") }, "\(read())")

        // CFG has debug on: its debug line is written; IPC's debug and info lines are not.
        #expect(try await cfgtool(["-L"]).status == 0)
        #expect(read().contains("corosyncdebug   [CFG   ] Reopening logging files"), "\(read())")
        #expect(try await cfgtool(["-R"]).status == 0)
        let reloaded = try await CfgtoolReopenProcessTests.waitFor(
            "Configuration reloaded: nothing changed", in: logfile)
        #expect(reloaded, "\(read())")
        #expect(
            !read().contains("IPC connection ended") && !read().contains("configuration reload requested"), "\(read())")
        #expect(
            await cluster.waitForLog(of: 1, "Reopening logging files"), "stderr follows logfile_priority and debug too")

        // Reload: info for everything, no debug for CFG, timestamps in seconds.
        try (base + Self.logging(logfile.path, priority: "info", cfgDebug: false, timestamp: "on"))
            .write(to: cluster.configPath, atomically: true, encoding: .utf8)
        #expect(try await cfgtool(["-R"]).status == 0)
        let applied = try await CfgtoolReopenProcessTests.waitFor("Configuration reloaded: logging.", in: logfile)
        #expect(applied, "\(read())")
        #expect(try await cfgtool(["-R"]).status == 0)
        let info = try await CfgtoolReopenProcessTests.waitFor("configuration reload requested", in: logfile)
        #expect(info, "info lines not written after the reload:\n\(read())")
        #expect(try await cfgtool(["-L"]).status == 0)
        #expect(Self.count("Reopening logging files", in: logfile) == 1, "CFG debug still on:\n\(read())")
        let stamped = read().split(separator: "\n").filter { $0.contains("configuration reload requested") }
        let pattern =
            /^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \[\d+\] \S+ corosync info    \[IPC   \] configuration reload requested$/
        #expect(!stamped.isEmpty && stamped.allSatisfy { $0.wholeMatch(of: pattern) != nil }, "\(stamped)")
        #expect(cluster.isRunning(1))
    }
}
