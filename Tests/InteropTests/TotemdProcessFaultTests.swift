import Foundation
import TestSupport
import Testing

/// Three `totemd` processes on 127.0.0.1–3: one paused with SIGSTOP and resumed, one killed with
/// SIGKILL and restarted; every survivor reports the same new membership each time.
@Suite(.serialized) struct TotemdProcessFaultTests {
    @Test func pausedKilledAndRestartedNodes() async throws {
        let suite = self
        try await offPool { try suite.pausedKilledAndRestartedNodesBody() }
    }

    func pausedKilledAndRestartedNodesBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("TotemdProcessFaultTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tpf")
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        var text = MixedClusterTests.config(sandbox, nodes: 3)
        text = text.replacingOccurrences(of: "10.213.\(sandbox.subnet).", with: "127.0.0.")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let totemd = productsDirectory.appendingPathComponent("totemd").path
        func launch(_ node: Int, _ label: String) throws {
            let run = sandbox.directory.appendingPathComponent("\(label)-run")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            try sandbox.start(label, [totemd, "-c", config.path, "--nodeid", "\(node)", "--run-dir", run.path])
        }
        for node in 1...3 { try launch(node, "node\(node)") }
        let settled = { (labels: [String], members: [Int]) in
            labels.allSatisfy { MixedClusterTests.settled(sandbox.log($0), members: members) }
        }
        #expect(
            sandbox.wait(for: 30) { settled(["node1", "node2", "node3"], [1, 2, 3]) }, "no ring:\n\(sandbox.dumpLogs())"
        )

        // A hung process: the others expel it after the token timeout; when it resumes it merges back.
        sandbox.signal("node2", SIGSTOP)
        var start = Date()
        #expect(
            sandbox.wait(for: 30) { settled(["node1", "node3"], [1, 3]) },
            "SIGSTOP not detected:\n\(sandbox.dumpLogs())")
        print(
            "TotemdProcessFaultTests: SIGSTOP detected in \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
        sandbox.signal("node2", SIGCONT)
        #expect(
            sandbox.wait(for: 30) { settled(["node1", "node2", "node3"], [1, 2, 3]) },
            "no merge after SIGCONT:\n\(sandbox.dumpLogs())")

        // A killed process: the ICMP port-unreachable shortcut; then it is restarted.
        start = Date()
        sandbox.signal("node3", SIGKILL)
        #expect(
            sandbox.wait(for: 30) { settled(["node1", "node2"], [1, 2]) },
            "SIGKILL not detected:\n\(sandbox.dumpLogs())")
        print(
            "TotemdProcessFaultTests: SIGKILL detected in \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
        start = Date()
        try launch(3, "node3-again")
        #expect(
            sandbox.wait(for: 30) { settled(["node1", "node2", "node3-again"], [1, 2, 3]) },
            "no rejoin:\n\(sandbox.dumpLogs())")
        print(
            "TotemdProcessFaultTests: restarted node back in \(String(format: "%.3f", Date().timeIntervalSince(start))) s"
        )
    }
}
