import Foundation
import Testing

/// Private network namespaces with processes started in them, all cleaned up by `close()`
/// (call it in a `defer`): every process this sandbox started is killed by PID and every
/// namespace is deleted, even when the test failed.
///
/// With one node, everything runs in one namespace on its loopback (127.0.0.x). With several,
/// node i gets its own namespace `<name>n<i>` with address `10.213.<k>.i/24` on a veth pair
/// into a bridge in `<name>br`, so that several stock corosyncs (whose IPC sockets are per
/// network namespace) can run side by side.
final class Sandbox {
    let name: String
    let directory: URL
    let nodeCount: Int
    let subnet: Int
    private(set) var processes: [String: Process] = [:]
    private var namespaces: [String] = []

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

    init(prefix: String, nodes: Int = 1) throws {
        name = "\(prefix)\(getpid() % 100_000)"
        nodeCount = nodes
        subnet = Int(getpid() % 200) + 20
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if nodes == 1 {
            try addNamespace(name)
            return
        }
        let bridge = "\(name)br"
        try addNamespace(bridge)
        try Self.run(Self.ip, ["-n", bridge, "link", "add", "br0", "type", "bridge"])
        try Self.run(Self.ip, ["-n", bridge, "link", "set", "br0", "up"])
        for node in 1...nodes {
            let namespace = self.namespace(node)
            try addNamespace(namespace)
            try Self.run(Self.ip, ["-n", namespace, "link", "add", "eth0", "type", "veth", "peer", "name", "p\(node)", "netns", bridge])
            try Self.run(Self.ip, ["-n", namespace, "addr", "add", "\(address(node))/24", "dev", "eth0"])
            try Self.run(Self.ip, ["-n", namespace, "link", "set", "eth0", "up"])
            try Self.run(Self.ip, ["-n", bridge, "link", "set", "p\(node)", "master", "br0"])
            try Self.run(Self.ip, ["-n", bridge, "link", "set", "p\(node)", "up"])
        }
    }

    private func addNamespace(_ namespace: String) throws {
        _ = try? Self.run(Self.ip, ["netns", "del", namespace])
        try Self.run(Self.ip, ["netns", "add", namespace])
        namespaces.append(namespace)
        try Self.run(Self.ip, ["-n", namespace, "link", "set", "lo", "up"])
    }

    /// The namespace node `node` runs in.
    func namespace(_ node: Int) -> String { nodeCount == 1 ? name : "\(name)n\(node)" }

    /// Node `node`'s totem address.
    func address(_ node: Int) -> String { nodeCount == 1 ? "127.0.0.\(node)" : "10.213.\(subnet).\(node)" }

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

    /// Runs a command inside node `node`'s namespace to completion (output, status).
    func exec(_ arguments: [String], on node: Int = 1) -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.ip)
        process.arguments = ["netns", "exec", namespace(node)] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return ("\(error)", -1) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Starts a long-running process in node `node`'s namespace; its output goes to
    /// `<directory>/<label>.log`.
    func start(_ label: String, _ arguments: [String], on node: Int = 1) throws {
        let log = directory.appendingPathComponent("\(label).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.ip)
        process.arguments = ["netns", "exec", namespace(node)] + arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[label] = process
    }

    /// Starts stock corosync with `config` in the namespace, in a private mount namespace with its
    /// own /run and /var/lib/corosync.
    func startCorosync(_ label: String, config: URL, on node: Int = 1) throws {
        let state = directory.appendingPathComponent("\(label)-state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try start(label, ["/usr/bin/unshare", "-m", "/bin/sh", "-c",
                          "mount -t tmpfs none /run && mount --bind \(state.path) /var/lib/corosync && exec /usr/sbin/corosync -f -c \(config.path)"],
                  on: node)
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

    /// Whether a process this sandbox started is still running (false for an unknown label).
    func isRunning(_ label: String) -> Bool { processes[label]?.isRunning ?? false }

    /// The exit status of a process that has ended, nil while it runs or for an unknown label.
    func terminationStatus(_ label: String) -> Int32? {
        guard let process = processes[label], !process.isRunning else { return nil }
        return process.terminationStatus
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

    /// Kills every process by PID and deletes the namespaces.
    func close() {
        for label in processes.keys.sorted() { signal(label, SIGKILL) }
        for namespace in namespaces.reversed() { _ = try? Self.run(Self.ip, ["netns", "del", namespace]) }
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
