import Foundation
import TestSupport
import Testing

/// Three `totemd` nodes, each in its own network namespace on a bridge: a link set down and up,
/// then 10 % packet loss on every node with nftables. The ring re-forms, and the sync protocol
/// (which needs every ordered message, in order, on every node) completes after every change.
@Suite(.serialized) struct NamespaceFaultTests {
    static let nft = "/usr/sbin/nft"

    func startNodes(_ sandbox: Sandbox, config: URL, label: (Int) -> String) throws {
        let totemd = productsDirectory.appendingPathComponent("totemd").path
        for node in 1...sandbox.nodeCount {
            let runDirectory = sandbox.directory.appendingPathComponent("\(label(node))-run")
            try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
            try sandbox.start(
                label(node), [totemd, "-c", config.path, "--nodeid", "\(node)", "--run-dir", runDirectory.path],
                on: node)
        }
    }

    @Test func ringSurvivesALinkDownAndTenPercentLoss() async throws {
        let suite = self
        try await offPool { try suite.ringSurvivesALinkDownAndTenPercentLossBody() }
    }

    func ringSurvivesALinkDownAndTenPercentLossBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("NamespaceFaultTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tnf", nodes: 3)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try MixedClusterTests.config(sandbox, nodes: 3).write(to: config, atomically: true, encoding: .utf8)
        try startNodes(sandbox, config: config) { "node\($0)" }
        let all = [1, 2, 3]
        let settledAll = { all.allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: all) } }
        #expect(sandbox.wait(for: 30, settledAll), "no cluster:\n\(sandbox.dumpLogs())")

        // Node 2's link goes down: 1 and 3 re-form without it, node 2 is alone.
        var start = Date()
        try Sandbox.run(Sandbox.ip, ["-n", sandbox.namespace(2), "link", "set", "eth0", "down"])
        let split = sandbox.wait(for: 30) {
            [1, 3].allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: [1, 3]) }
                && MixedClusterTests.settled(sandbox.log("node2"), members: [2])
        }
        #expect(split, "no re-formed ring after link down:\n\(sandbox.dumpLogs())")
        print(
            "NamespaceFaultTests: link down detected and re-formed in \(String(format: "%.3f", Date().timeIntervalSince(start))) s"
        )

        // The link comes back: one ring of three again.
        start = Date()
        try Sandbox.run(Sandbox.ip, ["-n", sandbox.namespace(2), "link", "set", "eth0", "up"])
        #expect(sandbox.wait(for: 30, settledAll), "no merge after link up:\n\(sandbox.dumpLogs())")
        print("NamespaceFaultTests: link up merged in \(String(format: "%.3f", Date().timeIntervalSince(start))) s")

        // 10 % of incoming UDP dropped on every node for 15 s.
        guard FileManager.default.isExecutableFile(atPath: Self.nft) else {
            print("NamespaceFaultTests: loss phase skipped: nft is not installed (apt-get install nftables)")
            return
        }
        for node in all {
            let namespace = sandbox.namespace(node)
            try Sandbox.run(Sandbox.ip, ["netns", "exec", namespace, Self.nft, "add", "table", "inet", "loss"])
            try Sandbox.run(
                Sandbox.ip,
                [
                    "netns", "exec", namespace, Self.nft,
                    "add chain inet loss input { type filter hook input priority 0 ; }",
                ])
            try Sandbox.run(
                Sandbox.ip,
                [
                    "netns", "exec", namespace, Self.nft,
                    "add rule inet loss input meta l4proto udp numgen random mod 100 < 10 drop",
                ])
        }
        Thread.sleep(forTimeInterval: 15)
        #expect(sandbox.wait(for: 30, settledAll), "the ring did not hold under 10 % loss:\n\(sandbox.dumpLogs())")
        let changes = sandbox.log("node1").split(separator: "\n").filter { $0.contains("A new membership") }.count
        print("NamespaceFaultTests: memberships seen by node 1 in the whole run (loss included): \(changes)")
        for node in all {
            _ = try? Sandbox.run(
                Sandbox.ip, ["netns", "exec", sandbox.namespace(node), Self.nft, "delete", "table", "inet", "loss"])
        }
    }
}
