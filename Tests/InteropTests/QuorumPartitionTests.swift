import Foundation
import TestSupport
import Testing

/// votequorum across processes: three `totemd` nodes split 2+1 by nftables, then healed; a
/// two_node cluster losing a node; and a two_node cold start alone (wait_for_all).
@Suite(.serialized) struct QuorumPartitionTests {
    static func quorumtool(_ sandbox: Sandbox, node: Int, label: String) -> (output: String, status: Int32) {
        let tool = productsDirectory.appendingPathComponent("quorumtool").path
        return sandbox.exec(
            [tool, "-s", "--run-dir", sandbox.directory.appendingPathComponent("\(label)-run").path], on: node)
    }

    func isolate(_ node: Int, from others: [Int], in sandbox: Sandbox) throws {
        let namespace = sandbox.namespace(node)
        let peers = others.map { sandbox.address($0) }.joined(separator: ", ")
        for command in [
            "add table inet split",
            "add chain inet split input { type filter hook input priority 0 ; }",
            "add chain inet split output { type filter hook output priority 0 ; }",
            "add rule inet split input ip saddr { \(peers) } drop",
            "add rule inet split output ip daddr { \(peers) } drop",
        ] {
            try Sandbox.run(Sandbox.ip, ["netns", "exec", namespace, NamespaceFaultTests.nft, command])
        }
    }

    @Test func twoPlusOneSplitKeepsQuorumOnlyOnThePair() async throws {
        let suite = self
        try await offPool { try suite.twoPlusOneSplitKeepsQuorumOnlyOnThePairBody() }
    }

    func twoPlusOneSplitKeepsQuorumOnlyOnThePairBody() throws {
        if let reason = Sandbox.unavailableReason
            ?? (FileManager.default.isExecutableFile(atPath: NamespaceFaultTests.nft) ? nil : "nft is not installed")
        {
            print("QuorumPartitionTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tqp", nodes: 3)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try MixedClusterTests.config(sandbox, nodes: 3).write(to: config, atomically: true, encoding: .utf8)
        try NamespaceFaultTests().startNodes(sandbox, config: config) { "node\($0)" }
        let all = [1, 2, 3]
        #expect(
            sandbox.wait(for: 30) {
                all.allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: all) }
            },
            "no cluster:\n\(sandbox.dumpLogs())")
        for node in all {
            let status = Self.quorumtool(sandbox, node: node, label: "node\(node)")
            #expect(
                status.status == 0 && status.output.contains("Total votes:      3")
                    && status.output.contains("Quorate:          Yes"),
                "node \(node) before the split:\n\(status.output)")
        }

        try isolate(3, from: [1, 2], in: sandbox)
        let split = sandbox.wait(for: 30) {
            [1, 2].allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: [1, 2]) }
                && MixedClusterTests.settled(sandbox.log("node3"), members: [3])
        }
        #expect(split, "no 2+1 split:\n\(sandbox.dumpLogs())")
        for node in [1, 2] {
            let status = Self.quorumtool(sandbox, node: node, label: "node\(node)")
            #expect(
                status.status == 0 && status.output.contains("Quorate:          Yes"),
                "node \(node) in the pair:\n\(status.output)")
        }
        let alone = Self.quorumtool(sandbox, node: 3, label: "node3")
        #expect(alone.status == 2, "quorumtool -s on the single node exited \(alone.status)")
        #expect(
            alone.output.contains("Quorate:          No") && alone.output.contains("Activity blocked"),
            "single node:\n\(alone.output)")

        try Sandbox.run(
            Sandbox.ip,
            ["netns", "exec", sandbox.namespace(3), NamespaceFaultTests.nft, "delete", "table", "inet", "split"])
        #expect(
            sandbox.wait(for: 30) {
                all.allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: all) }
            },
            "no merge after healing:\n\(sandbox.dumpLogs())")
        for node in all {
            let status = Self.quorumtool(sandbox, node: node, label: "node\(node)")
            #expect(
                status.status == 0 && status.output.contains("Quorate:          Yes"),
                "node \(node) after healing:\n\(status.output)")
        }
    }
}
