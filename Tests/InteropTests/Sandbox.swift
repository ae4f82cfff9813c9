import Foundation
import Testing

/// A private network namespace with processes started in it, all cleaned up by `close()`
/// (call it in a `defer`): every process this sandbox started is killed by PID and the namespace
/// is deleted, even when the test failed.
final class Sandbox {
    let name: String
    let directory: URL
    private(set) var processes: [String: Process] = [:]

    /// Why the environment cannot run these tests, or nil when it can.
    static var unavailableReason: String? {
        if getuid() != 0 { return "needs root (network namespaces)" }
        for tool in ["/usr/sbin/corosync", "/usr/sbin/corosync-cfgtool", "/usr/bin/unshare", "/usr/sbin/ip", "/bin/ip"]
        where tool.hasSuffix("ip") == false && !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (apt-get install corosync util-linux)"
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") && !FileManager.default.isExecutableFile(atPath: "/bin/ip") {
            return "ip is not installed (apt-get install iproute2)"
        }
        return nil
    }

    static var ip: String { FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/bin/ip" }

    init(prefix: String) throws {
        name = "\(prefix)\(getpid() % 100_000)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = try? Self.run(Self.ip, ["netns", "del", name])
        try Self.run(Self.ip, ["netns", "add", name])
        try Self.run(Self.ip, ["-n", name, "link", "set", "lo", "up"])
    }

    /// Runs a command to completion and returns its output; throws on a non-zero status.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw SandboxError(message: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(output)")
        }
        return output
    }

    /// Runs a command inside the namespace to completion (output, status).
    func exec(_ arguments: [String]) -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.ip)
        process.arguments = ["netns", "exec", name] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return ("\(error)", -1) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Starts a long-running process in the namespace; its output goes to `<directory>/<label>.log`.
    func start(_ label: String, _ arguments: [String]) throws {
        let log = directory.appendingPathComponent("\(label).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.ip)
        process.arguments = ["netns", "exec", name] + arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[label] = process
    }

    /// Starts stock corosync with `config` in the namespace, in a private mount namespace with its
    /// own /run and /var/lib/corosync.
    func startCorosync(_ label: String, config: URL) throws {
        let state = directory.appendingPathComponent("\(label)-state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try start(label, ["/usr/bin/unshare", "-m", "/bin/sh", "-c",
                          "mount -t tmpfs none /run && mount --bind \(state.path) /var/lib/corosync && exec /usr/sbin/corosync -f -c \(config.path)"])
    }

    /// Sends `signal` to a process this sandbox started and, for SIGKILL/SIGTERM, waits for it.
    func signal(_ label: String, _ signal: Int32) {
        guard let process = processes[label], process.isRunning else { return }
        kill(process.processIdentifier, signal)
        if signal == SIGKILL || signal == SIGTERM {
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            processes[label] = nil
        }
    }

    /// The log of a process.
    func log(_ label: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("\(label).log"), encoding: .utf8)) ?? ""
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes.
    func wait(for timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Kills every process by PID and deletes the namespace.
    func close() {
        for label in processes.keys.sorted() { signal(label, SIGKILL) }
        _ = try? Self.run(Self.ip, ["netns", "del", name])
    }

    /// Dumps the logs, for failure diagnosis.
    func dumpLogs() -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".log") }.sorted().map { "==== \($0)\n" + log(String($0.dropLast(4))) }.joined(separator: "\n")
    }
}

struct SandboxError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The built products directory (next to the test bundle).
var productsDirectory: URL {
    let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }
    return bundle.map { URL(fileURLWithPath: $0.bundlePath).deletingLastPathComponent() }
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}
