import Foundation

/// A single-node totemd in a ``Sandbox`` namespace of its own, serving `@cmap` through libqb,
/// with the stock `corosync-cmapctl` and our `cmapctl` run against it inside that namespace.
struct LibQBNode {
    let sandbox: Sandbox
    let label: String
    let runDirectory: String

    static let stockTool = "/usr/sbin/corosync-cmapctl"

    /// Why these tests cannot run here, or nil.
    static var unavailableReason: String? {
        if let reason = Sandbox.unavailableReason { return reason }
        if !FileManager.default.isExecutableFile(atPath: stockTool) {
            return "\(stockTool) is not installed (corosync)"
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            return "setpriv is not installed (util-linux)"
        }
        return nil
    }

    /// A corosync.conf for one node at `address` (with `nodeID`) in a cluster named `name`.
    static func config(name: String, address: String, nodeID: Int) -> String {
        """
        totem {
        \tversion: 2
        \tcluster_name: \(name)
        \ttransport: udpu
        \tcrypto_cipher: none
        \tcrypto_hash: none
        }
        quorum {
        \tprovider: corosync_votequorum
        }
        logging {
        \tto_stderr: yes
        \tto_syslog: no
        }
        nodelist {
        \tnode {
        \t\tring0_addr: \(address)
        \t\tnodeid: \(nodeID)
        \t\tname: \(name)
        \t}
        }

        """
    }

    /// Writes the config and starts totemd (labelled `label`) with `extra` arguments.
    static func start(
        _ sandbox: Sandbox, label: String, name: String, address: String, nodeID: Int, extra: [String] = []
    ) throws -> LibQBNode {
        let config = sandbox.directory.appendingPathComponent("\(label).conf")
        try Self.config(name: name, address: address, nodeID: nodeID).write(
            to: config, atomically: true, encoding: .utf8)
        let run = sandbox.directory.appendingPathComponent("\(label)-run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let totemd = productsDirectory.appendingPathComponent("totemd").path
        try sandbox.start(label, [totemd, "-c", config.path, "--nodeid", "\(nodeID)", "--run-dir", run.path] + extra)
        return LibQBNode(sandbox: sandbox, label: label, runDirectory: run.path)
    }

    /// Waits until the node finished its first sync (and so admits libqb clients).
    func waitUntilReady() -> Bool {
        sandbox.wait(for: 20) { sandbox.log(label).contains("Completed service synchronization") }
    }

    /// `corosync-cmapctl arguments` in the node's namespace.
    func stock(_ arguments: [String]) -> (output: String, status: Int32) {
        sandbox.exec([Self.stockTool] + arguments)
    }

    /// Our `cmapctl arguments` against this node's socket.
    func ours(_ arguments: [String]) -> (output: String, status: Int32) {
        sandbox.exec(
            [productsDirectory.appendingPathComponent("cmapctl").path] + arguments + ["--run-dir", runDirectory])
    }

    /// totemd's process id (`ip netns exec` executes it in place).
    var pid: Int32? { sandbox.processes[label]?.processIdentifier }
}

/// A long-running tool in the sandbox's namespace whose standard input the test holds (a
/// cmapctl tracker: it stops at "q"), line-buffered through `stdbuf` so its output can be read
/// while it runs. Killed by PID in ``stop()`` if it did not end.
final class HeldProcess {
    let process = Process()
    let input = Pipe()
    let log: URL

    init(_ sandbox: Sandbox, label: String, _ arguments: [String]) throws {
        log = sandbox.directory.appendingPathComponent("\(label).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: Sandbox.ip)
        process.arguments = ["netns", "exec", sandbox.namespace(1), "/usr/bin/stdbuf", "-oL"] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Sends "q", waits up to 5 s for the exit, kills it otherwise; returns its output.
    @discardableResult
    func stop() -> String {
        try? input.fileHandleForWriting.write(contentsOf: Data("q\n".utf8))
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return output
    }
}
