import Foundation
import Testing

/// `pcs cluster node add/remove` the corosync way, with real `totemd` processes: the new
/// corosync.conf is written for every node, then `cfgtool -R` makes each apply the nodelist
/// change at runtime (sockets, expected votes, cmap's `nodelist.*`), no restart.
@Suite(.serialized) struct NodelistReloadProcessTests {
    static func config(port: Int, nodes: ClosedRange<Int>) -> String {
        let list = nodes.map { "\tnode {\n\t\tring0_addr: 127.0.0.\($0)\n\t\tnodeid: \($0)\n\t}\n" }.joined()
        return """
            totem {
            \tversion: 2
            \tcluster_name: nodelistreload
            \ttransport: udpu
            \ttoken: 1000
            \tinterface {
            \t\tlinknumber: 0
            \t\tmcastport: \(port)
            \t}
            }

            nodelist {
            \(list)}

            quorum {
            \tprovider: corosync_votequorum
            }

            """
    }

    /// Runs `tool args --run-dir <dir>` on every directory until `matches(node, stdout)` holds
    /// for each (checked once more after the deadline); returns the outputs that did not match.
    static func waitFor(
        _ tool: URL, _ args: [String], directories: [Int: URL], timeout: Duration = .seconds(30),
        matches: (Int, String) -> Bool
    ) async throws -> [Int: String] {
        try await ToolRun.poll(tool, args, directories: directories, timeout: timeout) { matches($0, $1.stdout) }
    }

    static func votes(expected: Int, total: Int) -> (Int, String) -> Bool {
        { _, out in out.contains("Expected votes:   \(expected)\n") && out.contains("Total votes:      \(total)\n") }
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func reloadAddsThenRemovesANodeWithoutRestart() async throws {
        let port = 60_000 + Int(getpid() % 1000) * 4
        let cluster = try TotemdCluster(name: "nodelist", config: Self.config(port: port, nodes: 1...2), nodes: 1...2)
        defer { cluster.shutdown() }
        let cfgtool = cluster.binary("cfgtool")
        let cmapctl = cluster.binary("cmapctl")
        let quorumtool = cluster.binary("quorumtool")
        let two = cluster.directories
        var three = two
        three[3] = cluster.directory(of: 3)

        let formed = try await Self.waitFor(
            quorumtool, ["-s"], directories: two, matches: Self.votes(expected: 2, total: 2))
        #expect(formed.isEmpty, "nodes 1-2 did not form: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }

        // Node 3 added to the file everywhere, reloaded, then started: one ring of three.
        try Self.config(port: port, nodes: 1...3).write(to: cluster.configPath, atomically: true, encoding: .utf8)
        let added = try await ToolRun.run(cfgtool, ["-R", "--run-dir", two[1]!.path])
        #expect(added.status == 0, "\(added.stderr)\n\(cluster.logs())")
        #expect(added.stdout == "Reloading corosync.conf...\nDone\n")
        let listed = try await Self.waitFor(cmapctl, ["nodelist."], directories: two) { _, out in
            out.contains("nodelist.node.2.ring0_addr (str) = 127.0.0.3\n")
        }
        #expect(listed.isEmpty, "node 3 not in cmap: \(listed)")
        for node in 1...2 {
            #expect(
                await cluster.waitForLog(of: node, "adding new UDPU member {127.0.0.3}"),
                "node \(node): \(cluster.log(of: node))")
        }
        try cluster.start(3)
        let joined = try await Self.waitFor(
            quorumtool, ["-s"], directories: three, matches: Self.votes(expected: 3, total: 3))
        #expect(joined.isEmpty, "node 3 did not join: \(joined)\n\(cluster.logs())")
        let members = try await Self.waitFor(cmapctl, ["runtime.members."], directories: three) { _, out in
            (1...3).allSatisfy { out.contains("runtime.members.\($0).status (str) = joined\n") }
        }
        #expect(members.isEmpty, "\(members)")

        // Node 3 stopped and removed from the file, reloaded: expected votes 2, node 3 forgotten.
        try Self.config(port: port, nodes: 1...2).write(to: cluster.configPath, atomically: true, encoding: .utf8)
        cluster.kill(3, signal: SIGTERM)
        let shrunk = try await Self.waitFor(
            quorumtool, ["-s"], directories: two, matches: Self.votes(expected: 3, total: 2))
        #expect(shrunk.isEmpty, "node 3 did not leave: \(shrunk)\n\(cluster.logs())")
        let removed = try await ToolRun.run(cfgtool, ["-R", "--run-dir", two[2]!.path])
        #expect(removed.status == 0, "\(removed.stderr)\n\(cluster.logs())")
        let two2 = try await Self.waitFor(
            quorumtool, ["-s"], directories: two, matches: Self.votes(expected: 2, total: 2))
        #expect(two2.isEmpty, "expected votes did not follow: \(two2)\n\(cluster.logs())")
        let unlisted = try await Self.waitFor(cmapctl, ["nodelist."], directories: two) { _, out in
            out.contains("nodelist.node.1.ring0_addr (str) = 127.0.0.2\n") && !out.contains("127.0.0.3")
                && !out.contains("nodelist.node.2.")
        }
        #expect(unlisted.isEmpty, "node 3 still in cmap: \(unlisted)")
        // As a stock corosync 3.1.7: a listed-out node keeps its runtime.members entries, `left`.
        let left = try await Self.waitFor(cmapctl, ["runtime.members."], directories: two) { _, out in
            out.contains("runtime.members.2.status (str) = joined\n")
                && out.contains("runtime.members.3.status (str) = left\n")
        }
        #expect(left.isEmpty, "node 3 not left in runtime.members: \(left)")
        for node in 1...2 {
            #expect(
                await cluster.waitForLog(of: node, "removing UDPU member {127.0.0.3}"),
                "node \(node): \(cluster.log(of: node))")
        }
        // The two remaining nodes still form one ring.
        let ring = try await ToolRun.run(cfgtool, ["-s", "--run-dir", two[1]!.path])
        #expect(ring.stdout.contains("nodeid:          2:\tconnected\n"), "\(ring.stdout)")
        #expect(!ring.stdout.contains("nodeid:          3:"), "\(ring.stdout)")
    }
}
