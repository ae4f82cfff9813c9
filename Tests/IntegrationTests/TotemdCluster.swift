import Foundation
import Glibc

/// Real `totemd` processes sharing one corosync.conf in a fresh directory under /tmp: what the
/// multi-process tests set up. Each node runs with `--nodeid N --run-dir <root>/nN`, its output
/// in a log file of its own. Only the processes this cluster started are ever signalled, by PID.
///
/// Call ``shutdown()`` from a `defer` right after creating it: deinit also shuts down, but when
/// it runs is not guaranteed, and a test must not leave daemons behind when it throws.
final class TotemdCluster {
    /// The temporary directory holding the config, the run directories and the logs.
    let root: URL
    /// The directory of the built executables.
    let binaries: URL
    /// The corosync.conf every node reads (a test may rewrite it, e.g. before a reload).
    let configPath: URL
    /// The nodes started at creation (the config may list more).
    let nodes: [Int]
    private var daemons: [Int: Process] = [:]
    /// Every log file written so far, in start order, with the node it belongs to.
    private var logFiles: [(node: Int, url: URL)] = []
    /// A command each listed node's totemd runs under (`["/usr/bin/prlimit", "--nofile=96"]`).
    private let launchers: [Int: [String]]

    /// Writes `config` to `/tmp/<name>-it-<random>/corosync.conf` and starts a totemd for each of
    /// `nodes`. When a start fails, whatever was started is stopped before the error is thrown.
    init(name: String, config: String, nodes: some Sequence<Int>, launchers: [Int: [String]] = [:]) throws {
        self.launchers = launchers
        root = URL(fileURLWithPath: "/tmp/\(name)-it-\(UUID().uuidString.prefix(8))")
        binaries = try CfgtoolProcessTests.binaryDirectory()
        configPath = root.appendingPathComponent("corosync.conf")
        self.nodes = Array(nodes)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // Searchable by everyone, so a test may run clients as other users against the sockets.
        _ = chmod(root.path, 0o755)
        do {
            try config.write(to: configPath, atomically: true, encoding: .utf8)
            for node in self.nodes { try start(node) }
        } catch {
            shutdown()
            throw error
        }
    }

    deinit { shutdown() }

    /// The executable `name` next to totemd (`cfgtool`, `cmapctl`, `quorumtool`, …).
    func binary(_ name: String) -> URL { binaries.appendingPathComponent(name) }

    /// The run directory of `node` (its `--run-dir`, holding `totemd.sock`).
    func directory(of node: Int) -> URL { root.appendingPathComponent("n\(node)") }

    /// The run directory of each of ``nodes`` (whether or not it still runs).
    var directories: [Int: URL] { Dictionary(uniqueKeysWithValues: nodes.map { ($0, directory(of: $0)) }) }

    /// Starts a totemd for `node`, logging to `totemd<node>.log` (a restart to
    /// `totemd<node>-<n>.log`, so the earlier run's log stays readable).
    func start(_ node: Int) throws {
        let earlier = logFiles.filter { $0.node == node }.count
        let log = root.appendingPathComponent(earlier == 0 ? "totemd\(node).log" : "totemd\(node)-\(earlier).log")
        logFiles.append((node, log))
        let arguments = ["-c", configPath.path, "--nodeid", "\(node)", "--run-dir", directory(of: node).path]
        if let launcher = launchers[node], let first = launcher.first {
            daemons[node] = try ToolRun.start(
                URL(fileURLWithPath: first), launcher.dropFirst() + [binary("totemd").path] + arguments, log: log)
        } else {
            daemons[node] = try ToolRun.start(binary("totemd"), arguments, log: log)
        }
    }

    /// Sends `signal` to `node`'s totemd if it still runs and waits for it to end. Returns its
    /// termination status (the signal number when a signal ended it), or nil if it never ran.
    @discardableResult
    func kill(_ node: Int, signal: Int32 = SIGKILL) -> Int32? {
        guard let process = daemons[node] else { return nil }
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The process id of `node`'s latest totemd, if one was started.
    func pid(of node: Int) -> Int32? { daemons[node]?.processIdentifier }

    /// Whether `node`'s latest totemd still runs.
    func isRunning(_ node: Int) -> Bool { daemons[node]?.isRunning ?? false }

    /// The output of `node`'s latest totemd so far.
    func log(of node: Int) -> String {
        guard let url = logFiles.last(where: { $0.node == node })?.url else { return "" }
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// Waits until `node`'s log contains `text` (a line another node's request makes it write
    /// arrives after the requesting tool returns); false after `timeout`.
    func waitForLog(of node: Int, _ text: String, timeout: Duration = .seconds(20)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while !log(of: node).contains(text) {
            if ContinuousClock.now >= end { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Every totemd log so far, each under a `--- <file>:` line, for failure messages.
    func logs() -> String {
        logFiles.map {
            "--- \($0.url.lastPathComponent):\n" + ((try? String(contentsOf: $0.url, encoding: .utf8)) ?? "")
        }.joined()
    }

    /// SIGKILLs every totemd still running, waits for each, and removes the directory. Safe to
    /// call more than once.
    func shutdown() {
        for node in daemons.keys.sorted() { kill(node) }
        daemons = [:]
        try? FileManager.default.removeItem(at: root)
    }
}
