import Foundation
import TestSupport
import Testing

/// Configuration reload across a mixed cluster (two stock corosync 3.1.7 nodes and totemd, one
/// shared corosync.conf): `corosync-cfgtool -R` on a stock node makes our node reload, and
/// `cfgtool -R` on ours makes the stock nodes reload (cfg RELOAD_CONFIG both ways).
@Suite(.serialized) struct MixedReloadTests {
    static let swiftNode = 3

    @Test func reloadRequestedOnEitherKindOfNodeReloadsEveryNode() async throws {
        let suite = self
        try await offPool { try suite.reloadRequestedOnEitherKindOfNodeReloadsEveryNodeBody() }
    }

    func reloadRequestedOnEitherKindOfNodeReloadsEveryNodeBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedReloadTests skipped: \(reason)")
            return
        }
        let cluster = try MixedCluster(prefix: "trl", kinds: [.stock, .stock, .swift])
        defer { cluster.close() }
        let sandbox = cluster.sandbox
        let config = cluster.configPath
        let original = cluster.config
        let all = [1, 2, 3]
        let formed = cluster.waitUntilSettled(all, for: 30)
        #expect(formed, "no synchronized 3-node cluster:\n\(sandbox.dumpLogs())")
        guard formed else { return }
        func ours(_ key: String) -> String { cluster.ours("cmapctl", ["-g", key], on: Self.swiftNode).output }
        func stock(_ key: String, on node: Int = 1) -> String {
            sandbox.exec(["/usr/sbin/corosync-cmapctl", "-g", key], on: node).output
        }

        // corosync-cfgtool -R on stock node 1 with quorum.expected_votes 5 in the file: our node
        // logs the request and applies the file (its own cmap key and its quorum).
        try original.replacingOccurrences(
            of: "\tprovider: corosync_votequorum\n", with: "\tprovider: corosync_votequorum\n\texpected_votes: 5\n"
        )
        .write(to: config, atomically: true, encoding: .utf8)
        let stockReload = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-R"], on: 1)
        #expect(stockReload.status == 0, "corosync-cfgtool -R: \(stockReload.output)")
        let label = "node\(Self.swiftNode)"
        let applied = sandbox.wait(for: 15) {
            sandbox.log(label).contains("Config reload requested by node 1")
                && ours("quorum.expected_votes") == "quorum.expected_votes (u32) = 5\n"
                && cluster.ours("quorumtool", ["-s"], on: Self.swiftNode).output.contains("Expected votes:   5\n")
        }
        #expect(
            applied,
            "our node did not reload on corosync-cfgtool -R:\n\(sandbox.log(label))\n\(ours("quorum.expected_votes"))")

        // cfgtool -R on our node with token 2000: the stock nodes reload too (3 nodes: 2000 + 650).
        try original.replacingOccurrences(of: "\ttoken: 1000\n", with: "\ttoken: 2000\n")
            .replacingOccurrences(
                of: "\tprovider: corosync_votequorum\n", with: "\tprovider: corosync_votequorum\n\texpected_votes: 5\n"
            )
            .write(to: config, atomically: true, encoding: .utf8)
        let ourReload = cluster.ours("cfgtool", ["-R"], on: Self.swiftNode)
        #expect(
            ourReload.status == 0 && ourReload.output == "Reloading corosync.conf...\nDone\n",
            "cfgtool -R: \(ourReload.output)")
        let key = "runtime.config.totem.token"
        let everywhere = sandbox.wait(for: 15) {
            stock(key, on: 1) == "\(key) (u32) = 2650\n" && stock(key, on: 2) == "\(key) (u32) = 2650\n"
                && ours(key) == "\(key) (u32) = 2650\n"
        }
        #expect(
            everywhere,
            "token not reloaded everywhere: \(stock(key, on: 1)) \(stock(key, on: 2)) \(ours(key))\n\(sandbox.dumpLogs())"
        )
        for node in [1, 2] {
            #expect(
                sandbox.log("node\(node)").contains("Config reload requested by node \(Self.swiftNode)"),
                "node\(node):\n\(sandbox.log("node\(node)"))")
            let errors = cluster.errors(node)
            #expect(errors.isEmpty, "node\(node) logged errors: \(errors)")
        }
        let still = cluster.waitUntilSettled(all, for: 10)
        #expect(still, "cluster not settled after the reloads:\n\(sandbox.dumpLogs())")
    }
}
