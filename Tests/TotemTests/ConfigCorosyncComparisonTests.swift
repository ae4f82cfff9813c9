import Foundation
import TestSupport
import Testing
import Totem

/// Starts the real corosync on our test files and compares what it publishes under
/// `runtime.config.totem` (and the configuration keys) with what we derive. Needs root,
/// corosync, corosync-cmapctl, ip and unshare; otherwise prints why and returns.
@Suite(.serialized) struct ConfigCorosyncComparisonTests {
    @Test func runtimeTotemValuesEqualRealCorosync() async throws {
        let suite = self
        try await offPool { try suite.runtimeTotemValuesEqualRealCorosyncBody() }
    }

    func runtimeTotemValuesEqualRealCorosyncBody() throws {
        if let reason = Self.skipReason() {
            print("ConfigCorosyncComparisonTests skipped: \(reason)")
            return
        }
        let cases: [(nodes: Int, totem: String)] = [
            (2, ""), (3, ""), (5, ""),
            (3, "  token: 5000\n  token_coefficient: 100\n  token_retransmit: 500"),
            (
                4,
                "  consensus: 7000\n  hold: 100\n  join: 0\n  token_warning: 0\n  token_retransmits_before_loss_const: 7"
            ),
        ]
        for (nodes, totem) in cases {
            let text = ConfigFixtures.udpu(nodes: nodes, totem: totem)
            let ours = try ConfigFixtures.load(text)
            let theirs = try Self.corosyncValues(text, nodes: nodes)
            let ourRuntime = Self.lines(ConfigCMapEntries.runtimeEntries(ours.timers))
            let settings =
                totem.isEmpty
                ? "defaults"
                : totem.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
            print("corosync, \(nodes) nodes, \(settings): " + Self.summary(theirs.runtime))
            print("ours,     \(nodes) nodes, \(settings): " + Self.summary(ourRuntime))
            for key in ["token", "token_retransmit", "hold", "consensus", "join", "merge"] {
                let name = "runtime.config.totem.\(key) (u32) = "
                #expect(
                    theirs.runtime.first { $0.hasPrefix(name) } == ourRuntime.first { $0.hasPrefix(name) },
                    "\(nodes) nodes: \(key)")
            }
            #expect(theirs.runtime == ourRuntime, "\(nodes) nodes: every runtime.config.totem line")
            let ourConfig = Self.lines(ConfigCMapEntries.configEntries(ours))
            #expect(theirs.config == ourConfig, "\(nodes) nodes: configuration keys")
        }
    }

    /// Entries as corosync-cmapctl prints them, `key (type) = value` (the tools' own text is
    /// CorosyncFormat's `CmapDump`, tested in CorosyncFormatTests).
    static func lines(_ entries: [(key: String, type: CmapValueType, value: String)]) -> [String] {
        entries.map { "\($0.key) (\($0.type.rawValue)) = \($0.value)" }
    }

    static func summary(_ lines: [String]) -> String {
        ["token", "token_retransmit", "hold", "consensus", "join", "merge"].map { key in
            let prefix = "runtime.config.totem.\(key) (u32) = "
            let value = lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? "?"
            return "\(key)=\(value)"
        }.joined(separator: " ")
    }

    static func skipReason() -> String? {
        guard getuid() == 0 else { return "not running as root" }
        for tool in ["corosync", "corosync-cmapctl", "ip", "unshare"] where executable(tool) == nil {
            return "\(tool) not found"
        }
        return nil
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool to completion; returns its status and standard output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable(arguments[0]) ?? arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts corosync on `text` in a fresh network and mount namespace, reads its keys, stops it.
    static func corosyncValues(_ text: String, nodes: Int) throws -> (runtime: [String], config: [String]) {
        let namespace = "tcfg\(getpid())n\(nodes)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tcfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("corosync.conf")
        try text.write(to: file, atomically: true, encoding: .utf8)

        try #require(try run(["ip", "netns", "add", namespace]).status == 0, "ip netns add \(namespace)")
        defer { _ = try? run(["ip", "netns", "del", namespace]) }
        try #require(try run(["ip", "-n", namespace, "link", "set", "lo", "up"]).status == 0)

        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: executable("ip") ?? "/usr/sbin/ip")
        daemon.arguments = [
            "netns", "exec", namespace, "unshare", "-m", "sh", "-c",
            "mount -t tmpfs none /run && mount -t tmpfs none /var/lib/corosync && exec corosync -f -c '\(file.path)'",
        ]
        let log = Pipe()
        daemon.standardOutput = log
        daemon.standardError = log
        try daemon.run()
        defer {
            if daemon.isRunning {
                kill(daemon.processIdentifier, SIGTERM)
                let deadline = Date().addingTimeInterval(10)
                while daemon.isRunning, Date() < deadline { usleep(50_000) }
                if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
            }
            daemon.waitUntilExit()
        }

        let deadline = Date().addingTimeInterval(30)
        var runtime: (status: Int32, output: String) = (1, "")
        while Date() < deadline, daemon.isRunning {
            runtime = try run(["ip", "netns", "exec", namespace, "corosync-cmapctl", "-b", "runtime.config.totem"])
            if runtime.status == 0 { break }
            usleep(200_000)
        }
        try #require(runtime.status == 0, "corosync did not answer within 30 s (running: \(daemon.isRunning))")
        let config = try run(
            ["ip", "netns", "exec", namespace, "corosync-cmapctl", "totem.", "nodelist.", "quorum.", "logging."])
        let lines = { (text: String) in text.split(separator: "\n").map(String.init) }
        return (lines(runtime.output), lines(config.output))
    }
}
