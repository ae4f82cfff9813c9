import Foundation
import Glibc
import Testing

extension TotemdCluster {
    /// Waits until `node`'s totemd ends by itself; its exit status, or nil if it still runs at
    /// the deadline (it is not signalled here).
    func waitForExit(_ node: Int, timeout: Duration) async throws -> Int32? {
        let end = ContinuousClock.now + timeout
        while isRunning(node) {
            guard ContinuousClock.now < end else { return nil }
            try await Task.sleep(for: .milliseconds(100))
        }
        return kill(node)  // not running any more: only collects the status
    }
}

/// `cfgtool -k` and `cfgtool -H` against three real totemd processes: a killed node exits
/// saying who killed it and the rest re-form; a node told to shut down leaves the ring at once
/// (a LEAVE, not a token timeout) and exits 0; bad node ids get corosync-cfgtool's errors.
@Suite(.serialized) struct CfgtoolKillProcessTests {
    /// A token long enough that a node vanishing without a LEAVE is noticed only after seconds.
    static let tokenMs = 5000

    static func config(port: Int) -> String {
        CfgtoolProcessTests.config(port: port).replacingOccurrences(of: "\ttoken: 1000", with: "\ttoken: \(tokenMs)")
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func killStopsTheTargetAndShutdownLeavesAtOnce() async throws {
        let port = 56_000 + Int(getpid() % 1000) * 4
        let cluster = try TotemdCluster(name: "cfgkill", config: Self.config(port: port), nodes: 1...3)
        defer { cluster.shutdown() }
        let cfgtool = cluster.binary("cfgtool")
        let directories = cluster.directories
        let formed = try await CfgtoolProcessTests.waitForStatus(cfgtool, directories: directories) { node in
            CfgtoolProcessTests.expectedStatus(local: node, connected: [1, 2, 3])
        }
        #expect(formed.isEmpty, "ring did not form: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }
        let dir1 = directories[1]!.path

        // Bad ids: refused by the tool (not a number, 0, beyond u32) or by the daemon (not a member).
        for bad in ["0", "abc", "4294967296", "-3"] {
            let result = try await ToolRun.run(cfgtool, ["-k", bad, "--run-dir", dir1])
            #expect(result.status == 1 && result.stdout.isEmpty, "-k \(bad): \(result)")
            #expect(result.stderr == "The nodeid was not valid, try a positive number\n", "-k \(bad): \(result)")
        }
        let stranger = try await ToolRun.run(cfgtool, ["-k", "9", "--run-dir", dir1])
        #expect(stranger.status == 1 && stranger.stdout == "Killing node 9\n")
        #expect(stranger.stderr == "Could not kill node (error = CS_ERR_NOT_EXIST)\n")
        #expect(cluster.isRunning(1) && cluster.isRunning(2) && cluster.isRunning(3))

        // Only the last action runs, as in corosync-cfgtool: a -k followed by -s only prints.
        let statusLast = try await ToolRun.run(cfgtool, ["-k", "3", "-s", "--run-dir", dir1])
        #expect(
            statusLast.status == 0
                && statusLast.stdout == CfgtoolProcessTests.expectedStatus(local: 1, connected: [1, 2, 3]),
            "\(statusLast)")
        #expect(cluster.isRunning(3))

        // -k 3 on node 1: node 3 exits, saying node 1 killed it; 1 and 2 re-form.
        let kill = try await ToolRun.run(cfgtool, ["-k", "3", "--run-dir", dir1])
        #expect(kill.status == 0 && kill.stdout == "Killing node 3\n" && kill.stderr.isEmpty, "\(kill)")
        let killedStatus = try await cluster.waitForExit(3, timeout: .seconds(20))
        #expect(
            killedStatus != nil && killedStatus != 0,
            "node 3 did not exit with a failure: \(String(describing: killedStatus))\n\(cluster.logs())")
        #expect(
            await cluster.waitForLog(of: 3, "Killed by node 1 : Killed by corosync-cfgtool"), "\(cluster.log(of: 3))")
        let survivors = directories.filter { $0.key != 3 }
        let reformed = try await CfgtoolProcessTests.waitForStatus(
            cfgtool, directories: survivors, timeout: .seconds(40)
        ) { node in
            CfgtoolProcessTests.expectedStatus(local: node, connected: [1, 2])
        }
        #expect(reformed.isEmpty, "1 and 2 did not re-form: \(reformed)\n\(cluster.logs())")
        guard reformed.isEmpty else { return }
        let gone = try await ToolRun.run(cfgtool, ["-k", "3", "--run-dir", dir1])
        #expect(gone.status == 1 && gone.stderr == "Could not kill node (error = CS_ERR_NOT_EXIST)\n", "\(gone)")

        // -H on node 2: it exits 0, node 1 sees it leave well before a token timeout would tell.
        let started = ContinuousClock.now
        let shutdown = try await ToolRun.run(cfgtool, ["-H", "--run-dir", directories[2]!.path])
        #expect(
            shutdown.status == 0 && shutdown.stdout == "Shutting down corosync\n" && shutdown.stderr.isEmpty,
            "\(shutdown)")
        let alone = try await CfgtoolProcessTests.waitForStatus(
            cfgtool, directories: [1: directories[1]!], timeout: .seconds(30)
        ) { node in
            CfgtoolProcessTests.expectedStatus(local: node, connected: [1])
        }
        let elapsed = ContinuousClock.now - started
        #expect(alone.isEmpty, "node 1 did not see node 2 leave: \(alone)\n\(cluster.logs())")
        #expect(
            elapsed < .milliseconds(Self.tokenMs),
            "node 1 saw node 2 go only after \(elapsed) (token \(Self.tokenMs) ms): no LEAVE?\n\(cluster.logs())")
        let shutdownStatus = try await cluster.waitForExit(2, timeout: .seconds(20))
        #expect(shutdownStatus == 0, "node 2 exit status \(String(describing: shutdownStatus))\n\(cluster.log(of: 2))")
        #expect(await cluster.waitForLog(of: 1, "Node 2 was shut down by sysadmin"), "\(cluster.log(of: 1))")
        #expect(await cluster.waitForLog(of: 2, "Node 2 was shut down by sysadmin"), "\(cluster.log(of: 2))")
        #expect(cluster.isRunning(1))

        // Nothing answers on node 2 any more: exit 1 with corosync's initialize error.
        let noDaemon = try await ToolRun.run(cfgtool, ["-H", "--run-dir", directories[2]!.path])
        #expect(
            noDaemon.status == 1
                && noDaemon.stderr.hasPrefix("Could not initialize totemd configuration API error 2\n"), "\(noDaemon)")
    }
}
