import Foundation

/// A mixed cluster in a ``Sandbox``: one node per entry of `kinds` (stock corosync or `totemd`),
/// node i labelled `node<i>` and in its own network namespace, all reading one shared
/// corosync.conf (``MixedClusterTests/config(_:nodes:)``) that a test may rewrite.
///
/// Call ``close()`` from a `defer` right after creating it: it kills every process by PID and
/// deletes the namespaces, also when the test throws. When a start fails during creation,
/// what was set up is closed before the error is thrown.
final class MixedCluster {
    /// The namespaces and processes.
    let sandbox: Sandbox
    /// What runs on each node, node 1 first.
    let kinds: [MixedClusterTests.Kind]
    /// The corosync.conf every node reads.
    let configPath: URL
    /// The config as first written.
    let config: String

    /// Sets up the namespaces (named after `prefix`), writes the config and starts every node.
    init(prefix: String, kinds: [MixedClusterTests.Kind]) throws {
        sandbox = try Sandbox(prefix: prefix, nodes: kinds.count)
        self.kinds = kinds
        configPath = sandbox.directory.appendingPathComponent("corosync.conf")
        config = MixedClusterTests.config(sandbox, nodes: kinds.count)
        do {
            try config.write(to: configPath, atomically: true, encoding: .utf8)
            for (index, kind) in kinds.enumerated() {
                try MixedClusterTests().start(kind, node: index + 1, label: "node\(index + 1)", sandbox: sandbox, config: configPath)
            }
        } catch {
            sandbox.close()
            throw error
        }
    }

    /// Kills every process by PID and deletes the namespaces.
    func close() { sandbox.close() }

    /// Whether every node of `members` logs a synchronized membership of exactly `members`,
    /// waiting up to `timeout` seconds.
    func waitUntilSettled(_ members: [Int], for timeout: TimeInterval) -> Bool {
        sandbox.wait(for: timeout) { members.allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: members) } }
    }

    /// Runs our tool `name` (`cfgtool`, `cmapctl`, `quorumtool`, …) with `arguments` against the
    /// totemd of `node`, inside that node's namespace.
    func ours(_ name: String, _ arguments: [String], on node: Int) -> (output: String, status: Int32) {
        let tool = productsDirectory.appendingPathComponent(name).path
        let run = sandbox.directory.appendingPathComponent("node\(node)-run").path
        return sandbox.exec([tool] + arguments + ["--run-dir", run], on: node)
    }

    /// The error and critical lines node `node` logged.
    func errors(_ node: Int) -> [Substring] {
        sandbox.log("node\(node)").split(separator: "\n").filter { $0.contains(" error ") || $0.contains(" crit ") }
    }
}
