import Foundation
import TestSupport
import Testing

/// `pcs cluster node add/remove` on a mixed cluster: stock corosync node 1 and our node 2 run
/// with a nodelist of 1–2; node 3 (stock) is added to every node's file and
/// `corosync-cfgtool -R` on node 1 makes both running nodes take it, so node 3 joins one ring
/// of three (a reload moving node 3 to another address first is refused by both kinds of node);
/// then node 3 is stopped, removed from the file and reloaded away.
@Suite(.serialized) struct MixedNodelistReloadTests {
    @Test func corosyncCfgtoolReloadAddsAndRemovesANodeOnOurNodeToo() async throws {
        let suite = self
        try await offPool { try suite.corosyncCfgtoolReloadAddsAndRemovesANodeOnOurNodeTooBody() }
    }

    func corosyncCfgtoolReloadAddsAndRemovesANodeOnOurNodeTooBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedNodelistReloadTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tnl", nodes: 3)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try MixedClusterTests.config(sandbox, nodes: 2).write(to: config, atomically: true, encoding: .utf8)
        let starter = MixedClusterTests()
        try starter.start(.stock, node: 1, label: "node1", sandbox: sandbox, config: config)
        try starter.start(.swift, node: 2, label: "node2", sandbox: sandbox, config: config)
        func settled(_ members: [Int], for timeout: TimeInterval) -> Bool {
            sandbox.wait(for: timeout) {
                members.allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: members) }
            }
        }
        func ours(_ name: String, _ arguments: [String]) -> String {
            let tool = productsDirectory.appendingPathComponent(name).path
            let run = sandbox.directory.appendingPathComponent("node2-run").path
            return sandbox.exec([tool] + arguments + ["--run-dir", run], on: 2).output
        }
        func stockQuorum(on node: Int) -> String {
            sandbox.exec(["/usr/sbin/corosync-quorumtool", "-s"], on: node).output
        }
        let formed = settled([1, 2], for: 30)
        #expect(formed, "nodes 1-2 did not form:\n\(sandbox.dumpLogs())")
        guard formed else { return }

        try MixedClusterTests.config(sandbox, nodes: 3).write(to: config, atomically: true, encoding: .utf8)
        let added = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-R"], on: 1)
        #expect(added.status == 0, "corosync-cfgtool -R: \(added.output)")
        let address3 = sandbox.address(3)
        let listed = sandbox.wait(for: 15) {
            ours("cmapctl", ["nodelist."]).contains("nodelist.node.2.ring0_addr (str) = \(address3)\n")
        }
        #expect(listed, "our node did not take node 3:\n\(sandbox.log("node2"))")
        // Node 3 moved to another address while listed: refused by both kinds of node, nothing
        // changes (corosync: "new config has different address for link 0 ... NOT changed").
        try MixedClusterTests.config(sandbox, nodes: 3).replacingOccurrences(
            of: "ring0_addr: \(address3)\n", with: "ring0_addr: \(address3)9\n"
        )
        .write(to: config, atomically: true, encoding: .utf8)
        let moved = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-R"], on: 1)
        #expect(moved.status == 7, "corosync-cfgtool -R: \(moved.output)")
        let refused = sandbox.wait(for: 10) {
            sandbox.log("node1").contains("new config has different address for link 0")
                && sandbox.log("node2").contains(
                    "new config has a different address for node 3 (\(address3) -> \(address3)9)")
        }
        #expect(refused, "the moved node was not refused on both:\n\(sandbox.dumpLogs())")
        #expect(ours("cmapctl", ["nodelist."]).contains("nodelist.node.2.ring0_addr (str) = \(address3)\n"))
        try MixedClusterTests.config(sandbox, nodes: 3).write(to: config, atomically: true, encoding: .utf8)
        try starter.start(.stock, node: 3, label: "node3", sandbox: sandbox, config: config)
        let joined = settled([1, 2, 3], for: 40)
        #expect(joined, "no ring of three:\n\(sandbox.dumpLogs())")
        let votes3 = sandbox.wait(for: 15) {
            ours("quorumtool", ["-s"]).contains("Expected votes:   3\n")
                && stockQuorum(on: 1).contains("Expected votes:   3\n")
                && stockQuorum(on: 3).contains("Expected votes:   3\n")
        }
        #expect(votes3, "expected votes not 3 everywhere:\n\(ours("quorumtool", ["-s"]))\n\(stockQuorum(on: 1))")
        guard joined else { return }
        // The token follows the node count on both kinds of node (1000 + 650).
        let token = "runtime.config.totem.token"
        let stockToken = sandbox.exec(["/usr/sbin/corosync-cmapctl", "-g", token], on: 1).output
        #expect(
            stockToken == "\(token) (u32) = 1650\n" && ours("cmapctl", ["-g", token]) == stockToken, "\(stockToken)")

        try MixedClusterTests.config(sandbox, nodes: 2).write(to: config, atomically: true, encoding: .utf8)
        sandbox.signal("node3", SIGTERM)
        let left = settled([1, 2], for: 30)
        #expect(left, "node 3 did not leave:\n\(sandbox.dumpLogs())")
        let removed = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-R"], on: 1)
        #expect(removed.status == 0, "corosync-cfgtool -R: \(removed.output)")
        let votes2 = sandbox.wait(for: 15) {
            ours("quorumtool", ["-s"]).contains("Expected votes:   2\n")
                && !ours("cmapctl", ["nodelist."]).contains(address3)
                && stockQuorum(on: 1).contains("Expected votes:   2\n")
        }
        #expect(
            votes2,
            "node 3 not removed:\n\(ours("quorumtool", ["-s"]))\n\(ours("cmapctl", ["nodelist."]))\n\(stockQuorum(on: 1))"
        )
        // Node 3's runtime.members entries stay, `left`, on the stock node and on ours alike.
        let members3 = sandbox.wait(for: 10) {
            let stock = sandbox.exec(["/usr/sbin/corosync-cmapctl", "runtime.members.3.status"], on: 1).output
            return stock == "runtime.members.3.status (str) = left\n"
                && ours("cmapctl", ["runtime.members.3.status"]) == stock
        }
        #expect(
            members3,
            "\(sandbox.exec(["/usr/sbin/corosync-cmapctl", "runtime.members.3"], on: 1).output)\n\(ours("cmapctl", ["runtime.members.3"]))"
        )
        for node in [1, 2] {
            #expect(
                sandbox.log("node\(node)").contains("removing UDPU member {\(address3)}"),
                "node\(node): \(sandbox.log("node\(node)"))")
        }
        let stillTwo = settled([1, 2], for: 10)
        #expect(stillTwo, "nodes 1-2 not settled after the removal:\n\(sandbox.dumpLogs())")
        let errors = sandbox.log("node2").split(separator: "\n").filter {
            ($0.contains(" error ") || $0.contains(" crit ")) && !$0.contains("different address for node 3")
        }
        #expect(errors.isEmpty, "our node logged errors: \(errors)")
    }

    /// The other order: node 3 listed out by a reload while it still runs (the stock node 3
    /// itself cannot take a file without itself), then stopped. Our node applies the reload as
    /// the stock node 1 does, and both end with the same expected votes.
    @Test func reloadListingOutARunningNodeMatchesTheStockNode() async throws {
        let suite = self
        try await offPool { try suite.reloadListingOutARunningNodeMatchesTheStockNodeBody() }
    }

    func reloadListingOutARunningNodeMatchesTheStockNodeBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedNodelistReloadTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tnr", nodes: 3)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try MixedClusterTests.config(sandbox, nodes: 3).write(to: config, atomically: true, encoding: .utf8)
        let starter = MixedClusterTests()
        try starter.start(.stock, node: 1, label: "node1", sandbox: sandbox, config: config)
        try starter.start(.swift, node: 2, label: "node2", sandbox: sandbox, config: config)
        try starter.start(.stock, node: 3, label: "node3", sandbox: sandbox, config: config)
        func settled(_ members: [Int], for timeout: TimeInterval) -> Bool {
            sandbox.wait(for: timeout) {
                members.allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: members) }
            }
        }
        func expected(_ output: String) -> Substring? {
            output.split(separator: "\n").first { $0.hasPrefix("Expected votes:") }
        }
        func oursQuorum() -> String {
            let tool = productsDirectory.appendingPathComponent("quorumtool").path
            let run = sandbox.directory.appendingPathComponent("node2-run").path
            return sandbox.exec([tool, "-s", "--run-dir", run], on: 2).output
        }
        func stockQuorum() -> String { sandbox.exec(["/usr/sbin/corosync-quorumtool", "-s"], on: 1).output }
        let formed = settled([1, 2, 3], for: 40)
        #expect(formed, "no ring of three:\n\(sandbox.dumpLogs())")
        guard formed else { return }

        try MixedClusterTests.config(sandbox, nodes: 2).write(to: config, atomically: true, encoding: .utf8)
        let reload = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-R"], on: 1)
        #expect(reload.status == 0, "corosync-cfgtool -R: \(reload.output)")
        let applied = sandbox.wait(for: 15) {
            sandbox.log("node2").contains("removing UDPU member {\(sandbox.address(3))}")
        }
        #expect(applied, "our node did not apply the reload:\n\(sandbox.log("node2"))")
        let errors = sandbox.log("node2").split(separator: "\n").filter {
            $0.contains(" error ") || $0.contains(" crit ")
        }
        #expect(errors.isEmpty, "our node logged errors: \(errors)")

        sandbox.signal("node3", SIGTERM)
        let left = settled([1, 2], for: 30)
        #expect(left, "node 3 did not leave:\n\(sandbox.dumpLogs())")
        var last = ("", "")
        let same = sandbox.wait(for: 10) {
            last = (stockQuorum(), oursQuorum())
            return expected(last.0) != nil && expected(last.0) == expected(last.1)
        }
        #expect(same, "expected votes differ:\n--- corosync-quorumtool -s\n\(last.0)\n--- quorumtool -s\n\(last.1)")
        print(
            "MixedNodelistReloadTests: after listing out a running node: stock \(expected(last.0) ?? "?"), ours \(expected(last.1) ?? "?")"
        )
    }
}
