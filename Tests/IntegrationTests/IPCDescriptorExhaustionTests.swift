import Foundation
import Glibc
import Testing

/// Root's clients are under no connection cap, so they can use up every descriptor totemd may
/// open. The node must keep running: accepting pauses, and the ring id is still stored at the
/// next membership change (through the descriptor kept in reserve), where the node used to exit.
@Suite struct IPCDescriptorExhaustionTests {
    static var canRun: Bool {
        CfgtoolProcessTests.isRoot && FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/perl")
    }

    @Test(.enabled(if: canRun, "needs root, prlimit and perl"))
    func aNodeOutOfDescriptorsStillChangesMembershipAndServesAgainAfterwards() async throws {
        let port = 38_601 + Int(getpid() % 500) * 2
        let config = QuorumtoolProcessTests.config(port: port, nodes: 2, twoNode: false)
        // 96 descriptors: some 30 at rest, so 200 held connections exhaust them.
        let cluster = try TotemdCluster(
            name: "ipcfd", config: config, nodes: [1, 2], launchers: [1: ["/usr/bin/prlimit", "--nofile=96"]])
        defer { cluster.shutdown() }
        let formed = try await cluster.waitForQuorumStatus([1, 2], status: 0) { node in
            QuorumtoolProcessTests.expected(
                local: node, members: [1, 2], expected: 2, total: 2, quorum: 2, quorate: true, flags: "Quorate ")
        }
        #expect(formed.isEmpty, "no ring of two: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty, let pid = cluster.pid(of: 1) else { return }

        let socketPath = cluster.directory(of: 1).appendingPathComponent("totemd.sock").path
        let flood = Process()
        flood.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        flood.arguments = ["-e", IPCFloodProcessTests.flooder, socketPath, "200"]
        let input = Pipe()
        let output = Pipe()
        flood.standardInput = input
        flood.standardOutput = output
        flood.standardError = output
        try flood.run()
        // The flooder may be blocked in a connect (the backlog is full), not reading its input:
        // it is ended by PID.
        var floodEnded = false
        defer {
            if !floodEnded {
                kill(flood.processIdentifier, SIGKILL)
                flood.waitUntilExit()
            }
        }
        // Connections beyond what totemd can accept wait in its listen backlog; once the backlog
        // is full the flooder's connects block, so do not wait for its "held" line.
        let exhausted = await Self.waitUntil(timeout: .seconds(30)) {
            cluster.log(of: 1).contains("IPC cannot accept a client")
        }
        #expect(exhausted, "totemd never ran out of descriptors:\n\(cluster.log(of: 1))")

        // A membership change while out of descriptors: node 2 dies, node 1 forms a ring alone
        // and must store its ring id.
        cluster.kill(2)
        let alone = await cluster.waitForLog(of: 1, "Members[1]: 1", timeout: .seconds(30))
        #expect(alone, "node 1 did not form a ring alone:\n\(cluster.log(of: 1))")
        #expect(cluster.isRunning(1), "node 1 exited:\n\(cluster.log(of: 1))")
        #expect(kill(pid, 0) == 0)

        kill(flood.processIdentifier, SIGKILL)
        flood.waitUntilExit()
        floodEnded = true
        let start = ContinuousClock.now
        let answered = try await cluster.waitForQuorumStatus([1], status: 2) { node in
            QuorumtoolProcessTests.expected(
                local: node, members: [1], expected: 2, total: 1, quorum: 2, quorate: false, flags: "")
        }
        #expect(answered.isEmpty, "quorumtool on node 1 after the flood: \(answered)\n\(cluster.log(of: 1))")
        print("IPCDescriptorExhaustionTests: node 1 answered \(ContinuousClock.now - start) after the flood ended")
    }

    static func waitUntil(timeout: Duration, _ done: () -> Bool) async -> Bool {
        let end = ContinuousClock.now + timeout
        while !done() {
            if ContinuousClock.now >= end { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }
}
