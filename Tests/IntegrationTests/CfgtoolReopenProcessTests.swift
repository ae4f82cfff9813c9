import Foundation
import Glibc
import Testing

/// `cfgtool -L` against a real `totemd` logging to a file (`logging { to_logfile: yes logfile:
/// ... }`): after logrotate's rename, `-L` prints nothing, exits 0, and new lines go to a new
/// file at the configured path; when the path cannot be opened it fails with corosync's words
/// and the old file stays in use; an unreachable daemon is the symbolic initialize error.
@Suite(.serialized) struct CfgtoolReopenProcessTests {
    static let isRoot = geteuid() == 0

    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// Waits until `url` holds `text`.
    static func waitFor(_ text: String, in url: URL, timeout: Duration = .seconds(60)) async throws -> Bool {
        let end = ContinuousClock.now + timeout
        while !read(url).contains(text), ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(100)) }
        return read(url).contains(text)
    }

    @Test(.enabled(if: isRoot, "needs root: totemd's IPC answers root (and configured uids) only"))
    func reopenAfterRenameWritesANewFile() async throws {
        let logs = URL(fileURLWithPath: "/tmp/totemd-logs-\(UUID().uuidString.prefix(8))")
        let logDirectory = logs.appendingPathComponent("cluster")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logs) }
        let logfile = logDirectory.appendingPathComponent("totemd.log")
        let config =
            QuorumtoolProcessTests.config(
                port: 40_000 + Int(getpid() % 500) * 2, nodes: 1, twoNode: false, voteQuorum: false)
            + "logging {\n\tto_logfile: yes\n\tlogfile: \(logfile.path)\n\tto_stderr: yes\n\tto_syslog: no\n}\n"
        let cluster = try TotemdCluster(name: "cfgreopen", config: config, nodes: [1])
        defer { cluster.shutdown() }
        func cfgtool(_ arguments: [String], runDirectory: URL? = nil) async throws -> ToolRun.Result {
            try await ToolRun.run(
                cluster.binary("cfgtool"), arguments + ["--run-dir", (runDirectory ?? cluster.directory(of: 1)).path])
        }

        // totemd writes its log to the file as to stderr.
        let formed = try await Self.waitFor("Completed service synchronization", in: logfile)
        #expect(formed, "no log file lines:\n\(Self.read(logfile))\n\(cluster.logs())")
        guard formed else { return }
        #expect(await cluster.waitForLog(of: 1, "Completed service synchronization"))

        // logrotate: rename, then -L; the next lines go to a new file at the configured path.
        let rotated = logDirectory.appendingPathComponent("totemd.log.1")
        try FileManager.default.moveItem(at: logfile, to: rotated)
        let reopen = try await cfgtool(["-L"])
        #expect(reopen.status == 0 && reopen.stdout.isEmpty && reopen.stderr.isEmpty, "\(reopen)")
        #expect(FileManager.default.fileExists(atPath: logfile.path), "-L did not create \(logfile.path)")
        let reload = try await cfgtool(["-R"])
        #expect(reload.status == 0, "\(reload)")
        let moved = try await Self.waitFor("Config reload requested by node 1", in: logfile)
        #expect(moved, "new lines not in the new file:\n\(Self.read(logfile))")
        #expect(!Self.read(rotated).contains("Config reload requested"), "the rotated file still gets lines")
        #expect(Self.read(rotated).contains("Completed service synchronization"))

        // The path cannot be opened (its directory moved away): CS_ERR_LIBRARY, exit 2, and the
        // daemon keeps writing to the file it has.
        let movedDirectory = logs.appendingPathComponent("cluster.old")
        try FileManager.default.moveItem(at: logDirectory, to: movedDirectory)
        let refused = try await cfgtool(["--reopen"])
        #expect(refused.status == 2 && refused.stdout.isEmpty, "\(refused)")
        #expect(
            refused.stderr == "Could not reopen corosync logging files. Error CS_ERR_LIBRARY\n"
                + "Can't open logfile '\(logfile.path)' for reason: No such file or directory (2)\n")
        #expect(try await cfgtool(["-R"]).status == 0)
        let kept = try await Self.waitFor(
            "Unable to reopen log file \(logfile.path)", in: movedDirectory.appendingPathComponent("totemd.log"))
        #expect(kept, "\(Self.read(movedDirectory.appendingPathComponent("totemd.log")))")
        #expect(cluster.isRunning(1))

        // No daemon: the symbolic initialize error, as corosync-cfgtool -L.
        let unreachable = try await cfgtool(["-L"], runDirectory: logs)
        #expect(unreachable.status == 1 && unreachable.stdout.isEmpty)
        #expect(
            unreachable.stderr.hasPrefix("Could not initialize totemd configuration API error CS_ERR_LIBRARY\n"),
            "\(unreachable.stderr)")
        // -R words it alike (spec tools-and-config.md §2.1), after its first line.
        let noReload = try await cfgtool(["-R"], runDirectory: logs)
        #expect(noReload.status == 1 && noReload.stdout == "Reloading corosync.conf...\n", "\(noReload)")
        #expect(
            noReload.stderr.hasPrefix("Could not initialize totemd configuration API error CS_ERR_LIBRARY\n"),
            "\(noReload.stderr)")
    }
}
