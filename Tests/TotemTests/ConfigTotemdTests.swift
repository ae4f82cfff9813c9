import Foundation
import TestSupport
import Testing
import Totem

/// Exit codes and output of `totemd --check-config`, and the same broken files through
/// `corosync -t` when a real corosync can run (root, corosync, ip, unshare).
@Suite(.serialized) struct ConfigTotemdTests {
    /// The built `totemd`, next to the test bundle; nil if it was not built.
    static var totemd: String? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("totemd").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func write(_ text: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("totemd-\(UUID().uuidString).conf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func runTotemd(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(totemd))
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Files with the exit status `corosync -t` gives them. Node 1 is 127.0.0.1, which corosync
    /// finds on the namespace's loopback; totemd is told `--nodeid 1` so that the host running
    /// the tests does not matter.
    static let files: [(name: String, text: String, status: Int32)] = [
        ("good", ConfigFixtures.udpu(nodes: 3), 0),
        ("version 3", ConfigFixtures.udpu(nodes: 2, totem: "  version: 3"), 8),
        ("token 10", ConfigFixtures.udpu(nodes: 2, totem: "  token: 10"), 8),
        ("token_warning 150", ConfigFixtures.udpu(nodes: 2, totem: "  token_warning: 150"), 8),
        ("consensus < join", ConfigFixtures.udpu(nodes: 2, totem: "  consensus: 40\n  join: 50"), 8),
        ("ip_version ipv5", ConfigFixtures.udpu(nodes: 2, totem: "  ip_version: ipv5"), 8),
        ("two_node yes", ConfigFixtures.udpu(nodes: 2, extra: "quorum {\n  two_node: yes\n}"), 8),
        ("dup nodeid", ConfigFixtures.udpu(nodes: 2).replacingFirst("nodeid: 2", with: "nodeid: 1"), 8),
        ("mixed family", ConfigFixtures.udpu(nodes: 2).replacingFirst("127.0.0.2", with: "fe80::2"), 8),
        ("missing brace", String(ConfigFixtures.udpu(nodes: 2).dropLast(2)), 8),
        ("debug maybe", ConfigFixtures.udpu(nodes: 2).replacingFirst("to_syslog: no", with: "debug: maybe"), 7),
        (
            "timestamp sometimes",
            ConfigFixtures.udpu(nodes: 2).replacingFirst("to_syslog: no", with: "timestamp: sometimes"), 7
        ),
    ]

    @Test func checkConfigExitStatusesAndMessages() async throws {
        let suite = self
        try await offPool { try suite.checkConfigExitStatusesAndMessagesBody() }
    }

    func checkConfigExitStatusesAndMessagesBody() throws {
        guard Self.totemd != nil else {
            print("ConfigTotemdTests skipped: totemd was not built next to the tests")
            return
        }
        for file in Self.files {
            let url = try Self.write(file.text)
            defer { try? FileManager.default.removeItem(at: url) }
            let result = try Self.runTotemd(["--check-config", url.path, "--nodeid", "1"])
            #expect(result.status == file.status, "\(file.name): \(result.error)")
            if file.status == 0 {
                #expect(result.output.contains("runtime.config.totem.token (u32) = 3650\n"))
                #expect(result.error.isEmpty)
            } else {
                #expect(result.output.isEmpty, "\(file.name)")
                #expect(result.error.hasPrefix(url.path + ":"), "\(file.name): \(result.error)")
            }
        }
        let missing = try Self.runTotemd(["--check-config", "/nonexistent/corosync.conf"])
        #expect(missing.status == 8)
        #expect(missing.error.contains("/nonexistent/corosync.conf"))
    }

    @Test func corosyncTestModeAgreesOnEveryFile() async throws {
        let suite = self
        try await offPool { try suite.corosyncTestModeAgreesOnEveryFileBody() }
    }

    func corosyncTestModeAgreesOnEveryFileBody() throws {
        if let reason = ConfigCorosyncComparisonTests.skipReason() {
            print("corosync -t comparison skipped: \(reason)")
            return
        }
        let namespace = "tcfg\(getpid())t"
        try #require(try ConfigCorosyncComparisonTests.run(["ip", "netns", "add", namespace]).status == 0)
        defer { _ = try? ConfigCorosyncComparisonTests.run(["ip", "netns", "del", namespace]) }
        try #require(
            try ConfigCorosyncComparisonTests.run(["ip", "-n", namespace, "link", "set", "lo", "up"]).status == 0)
        for file in Self.files {
            let url = try Self.write(file.text)
            defer { try? FileManager.default.removeItem(at: url) }
            let result = try ConfigCorosyncComparisonTests.run([
                "ip", "netns", "exec", namespace, "unshare", "-m", "sh", "-c",
                "mount -t tmpfs none /run && mount -t tmpfs none /var/lib/corosync && exec corosync -t -c '\(url.path)'",
            ])
            #expect(result.status == file.status, "corosync -t on \(file.name)")
        }
    }
}
