import Foundation
import Glibc
import Totem

/// `--spawn`: a ring of `totemd` processes on 127.0.0.1..N in a fresh directory under /tmp, with
/// a free totem port, corosync's default token and votequorum. Every process it starts is
/// registered with ``Cleanup`` and ended by PID; the directory is removed on every exit path.
final class SpawnedRing {
    /// The directory holding corosync.conf, the run directories and the logs.
    let root: String
    /// The corosync.conf every node reads.
    var configPath: String { root + "/corosync.conf" }
    /// The node ids, 1...N.
    let ids: [NodeID]
    private var processes: [NodeID: Process] = [:]

    /// Writes the configuration and starts one totemd per node from `binaries`.
    init(nodes: Int, binaries: String) throws {
        var template = Array("/tmp/totem-fuzz-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw FuzzError("mkdtemp: \(String(cString: strerror(errno)))") }
        root = String(cString: made)
        Cleanup.shared.register(directory: root)
        ids = (1...nodes).map { NodeID(UInt32($0)) }
        let totemd = binaries + "/totemd"
        guard FileManager.default.isExecutableFile(atPath: totemd) else {
            throw FuzzError("no totemd in \(binaries) (build it, or pass --binaries)")
        }
        let port = try Self.freePort(hosts: ids.map(Self.host))
        try Self.config(ids: ids, port: port).write(toFile: configPath, atomically: true, encoding: .utf8)
        for id in ids {
            try FileManager.default.createDirectory(atPath: runDirectory(of: id), withIntermediateDirectories: true)
            let log = logPath(of: id)
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: totemd)
            process.arguments = ["-c", configPath, "--nodeid", "\(id)", "--run-dir", runDirectory(of: id)]
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            Cleanup.shared.register(pid: process.processIdentifier)
            processes[id] = process
        }
    }

    /// Node `id`'s address.
    static func host(_ id: NodeID) -> String { "127.0.0.\(id.rawValue)" }

    /// Node `id`'s run directory.
    func runDirectory(of id: NodeID) -> String { root + "/n\(id)" }

    /// Node `id`'s log (its stdout and stderr).
    func logPath(of id: NodeID) -> String { root + "/totemd\(id).log" }

    /// The process id of node `id`'s totemd.
    func pid(of id: NodeID) -> Int32? { processes[id]?.processIdentifier }

    /// The nodes whose totemd has exited, with how (`status N` or `signal N`).
    func exited() -> [NodeID: String] {
        var result: [NodeID: String] = [:]
        for (id, process) in processes where !process.isRunning {
            let how = process.terminationReason == .uncaughtSignal ? "signal" : "status"
            result[id] = "\(how) \(process.terminationStatus)"
        }
        return result
    }

    /// The last `count` lines of node `id`'s log.
    func logTail(of id: NodeID, lines count: Int) -> [String] {
        let text = (try? String(contentsOfFile: logPath(of: id), encoding: .utf8)) ?? ""
        return Array(text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).map(String.init))
    }

    /// Copies the logs and the configuration to `directory` (created if needed).
    func keepLogs(in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in ids.map(logPath(of:)) + [configPath] {
            let target = directory + "/" + (file as NSString).lastPathComponent
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: file, toPath: target)
        }
    }

    /// Stops every node (SIGTERM, then SIGKILL after 5 s), by PID, and removes the directory.
    func shutdown() {
        for process in processes.values where process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        while processes.values.contains(where: \.isRunning), Date() < deadline { usleep(20_000) }
        for process in processes.values {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            Cleanup.shared.unregister(pid: process.processIdentifier)
        }
        processes = [:]
        Cleanup.shared.removeDirectories()
    }

    /// A corosync.conf for nodes 127.0.0.1..N on `port`, corosync's defaults otherwise.
    static func config(ids: [NodeID], port: UInt16) -> String {
        var text = "totem {\n\tversion: 2\n\tcluster_name: fuzz\n\ttransport: udpu\n"
        text += "\tinterface {\n\t\tlinknumber: 0\n\t\tmcastport: \(port)\n\t}\n}\n\nnodelist {\n"
        for id in ids {
            text += "\tnode {\n\t\tring0_addr: \(host(id))\n\t\tname: node\(id)\n\t\tnodeid: \(id)\n\t}\n"
        }
        return text + "}\n\nquorum {\n\tprovider: corosync_votequorum\n}\n"
    }

    /// A UDP port free on every one of `hosts` (tried by binding; a few random candidates).
    static func freePort(hosts: [String]) throws -> UInt16 {
        for _ in 0..<50 {
            let port = UInt16.random(in: 20_000...40_000)
            let free = hosts.allSatisfy { host in
                guard var address = Impersonator.address(host, port: port) else { return false }
                let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
                defer { close(fd) }
                return withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                    }
                }
            }
            if free { return port }
        }
        throw FuzzError("no free UDP port found on \(hosts.joined(separator: ", "))")
    }
}
