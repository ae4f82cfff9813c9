import Foundation
import TestSupport
import Testing

/// Our `cfgtool -k` and `cfgtool -H` issued on a totemd node and obeyed by stock corosync 3.1.7:
/// the KILLNODE we multicast stops a stock node (which logs who killed it), and the SHUTDOWN
/// we multicast before leaving makes the stock peer log `Node X was shut down by sysadmin`.
@Suite(.serialized) struct MixedKillTests {
    static let swiftNode = 3

    @Test func ourKillStopsAStockNodeAndOurShutdownIsLoggedByCorosync() async throws {
        let suite = self
        try await offPool { try suite.ourKillStopsAStockNodeAndOurShutdownIsLoggedByCorosyncBody() }
    }

    func ourKillStopsAStockNodeAndOurShutdownIsLoggedByCorosyncBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedKillTests skipped: \(reason)")
            return
        }
        let cluster = try MixedCluster(prefix: "tmk", kinds: [.stock, .stock, .swift])
        defer { cluster.close() }
        let sandbox = cluster.sandbox
        let formed = cluster.waitUntilSettled([1, 2, 3], for: 30)
        #expect(formed, "no synchronized 3-node cluster:\n\(sandbox.dumpLogs())")
        guard formed else { return }

        // A node corosync's membership does not hold: refused as corosync refuses it.
        let stranger = cluster.ours("cfgtool", ["-k", "7"], on: Self.swiftNode)
        #expect(
            stranger.status == 1 && stranger.output.contains("Could not kill node (error = CS_ERR_NOT_EXIST)"),
            "\(stranger)")

        // cfgtool -k 1 on our node: stock node 1 logs the kill and exits; 2 and 3 re-form.
        let kill = cluster.ours("cfgtool", ["-k", "1"], on: Self.swiftNode)
        #expect(
            kill.status == 0 && kill.output == "Killing node 1\n", "cfgtool -k exited \(kill.status): \(kill.output)")
        let exited = sandbox.wait(for: 15) { !sandbox.isRunning("node1") }
        #expect(exited, "corosync still runs after our cfgtool -k:\n\(sandbox.log("node1"))")
        #expect(
            sandbox.log("node1").contains("Killed by node \(Self.swiftNode) : Killed by corosync-cfgtool"),
            "no kill notice:\n\(sandbox.log("node1"))")
        let pair = [2, 3]
        let reformed = cluster.waitUntilSettled(pair, for: 20)
        #expect(reformed, "nodes 2 and 3 did not re-form without the killed node:\n\(sandbox.dumpLogs())")
        guard reformed else { return }

        // cfgtool -H on our node: it exits 0; the stock node logs the shutdown and stays alone.
        let shutdown = cluster.ours("cfgtool", ["-H"], on: Self.swiftNode)
        #expect(shutdown.status == 0 && shutdown.output == "Shutting down corosync\n", "cfgtool -H: \(shutdown)")
        let label = "node\(Self.swiftNode)"
        let stopped = sandbox.wait(for: 15) { !sandbox.isRunning(label) }
        #expect(
            stopped && sandbox.terminationStatus(label) == 0,
            "totemd after -H: \(String(describing: sandbox.terminationStatus(label)))\n\(sandbox.log(label))")
        let noticed = sandbox.wait(for: 10) {
            sandbox.log("node2").contains("Node \(Self.swiftNode) was shut down by sysadmin")
        }
        #expect(noticed, "corosync did not log the shutdown:\n\(sandbox.log("node2"))")
        #expect(cluster.waitUntilSettled([2], for: 15), "node 2 did not settle alone:\n\(sandbox.dumpLogs())")
        #expect(cluster.errors(2).isEmpty, "node2 logged errors: \(cluster.errors(2))")
    }
}
