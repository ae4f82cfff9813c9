import Foundation
import Testing

/// Three real `totemd` processes on 127.0.0.1–3 sharing one corosync.conf: `cfgtool -R` on one
/// of them makes every node re-read the file and apply it, or (for a bad file or a change that
/// may not happen at runtime) apply nothing and say why.
@Suite(.serialized) struct ConfigReloadProcessTests {
    static func config(port: Int, token: Int, clusterName: String = "reloadtest", quorum: String = "") -> String {
        let nodes = (1...3).map { "\tnode {\n\t\tring0_addr: 127.0.0.\($0)\n\t\tnodeid: \($0)\n\t}\n" }.joined()
        return """
            totem {
            \tversion: 2
            \tcluster_name: \(clusterName)
            \ttransport: udpu
            \ttoken: \(token)
            \tinterface {
            \t\tlinknumber: 0
            \t\tmcastport: \(port)
            \t}
            }

            nodelist {
            \(nodes)}

            quorum {
            \tprovider: corosync_votequorum
            \(quorum)
            }

            """
    }

    /// Polls `cmapctl -g key` on every node until each prints `expected`; returns the last
    /// outputs that did not match (empty when all matched).
    static func waitForKey(
        _ cmapctl: URL, _ key: String, expected: String, directories: [Int: URL], timeout: Duration = .seconds(20)
    ) async throws -> [Int: String] {
        try await ToolRun.poll(cmapctl, ["-g", key], directories: directories, timeout: timeout) { _, result in
            result.stdout == expected
        }
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func reloadAppliesTokenAndExpectedVotesEverywhereAndRefusesBadFiles() async throws {
        let port = 52_000 + Int(getpid() % 1000) * 4
        let cluster = try TotemdCluster(name: "reload", config: Self.config(port: port, token: 1000), nodes: 1...3)
        defer { cluster.shutdown() }
        let cfgtool = cluster.binary("cfgtool")
        let cmapctl = cluster.binary("cmapctl")
        let quorumtool = cluster.binary("quorumtool")
        let configPath = cluster.configPath
        let directories = cluster.directories

        let formed = try await CfgtoolProcessTests.waitForStatus(cfgtool, directories: directories) { node in
            CfgtoolProcessTests.expectedStatus(local: node, connected: [1, 2, 3])
        }
        #expect(formed.isEmpty, "ring did not form: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }
        let tokenKey = "runtime.config.totem.token"
        #expect(
            try await Self.waitForKey(
                cmapctl, tokenKey, expected: "\(tokenKey) (u32) = 1650\n", directories: directories
            ).isEmpty)

        // A longer token and expected_votes 4: every node applies both.
        try Self.config(port: port, token: 2000, quorum: "\texpected_votes: 4")
            .write(to: configPath, atomically: true, encoding: .utf8)
        let reload = try await ToolRun.run(cfgtool, ["-R", "--run-dir", directories[2]!.path])
        #expect(reload.status == 0, "\(reload.stderr)\n\(cluster.logs())")
        #expect(reload.stdout == "Reloading corosync.conf...\nDone\n")
        let token = try await Self.waitForKey(
            cmapctl, tokenKey, expected: "\(tokenKey) (u32) = 2650\n", directories: directories)
        #expect(token.isEmpty, "token not reloaded: \(token)\n\(cluster.logs())")
        #expect(
            try await Self.waitForKey(
                cmapctl, "totem.token", expected: "totem.token (u32) = 2000\n", directories: directories
            ).isEmpty)
        #expect(
            try await Self.waitForKey(
                cmapctl, "quorum.expected_votes", expected: "quorum.expected_votes (u32) = 4\n",
                directories: directories
            ).isEmpty)
        for node in 1...3 {
            #expect(
                await cluster.waitForLog(of: node, "Config reload requested by node 2"),
                "node \(node): \(cluster.log(of: node))")
            let quorum = try await ToolRun.run(quorumtool, ["-s", "--run-dir", directories[node]!.path])
            #expect(quorum.stdout.contains("Expected votes:   4\n"), "node \(node): \(quorum.stdout)")
        }

        // A syntax error: refused with the file and line, nothing changes.
        try "totem { oops\n".write(to: configPath, atomically: true, encoding: .utf8)
        let broken = try await ToolRun.run(cfgtool, ["-R", "--run-dir", directories[1]!.path])
        #expect(broken.status == 7)
        #expect(broken.stdout == "Reloading corosync.conf...\n")
        #expect(broken.stderr.hasPrefix("Could not reload configuration. Error CS_ERR_INVALID_PARAM\n"))
        #expect(broken.stderr.contains("\(configPath.path):1:"), "\(broken.stderr)")
        #expect(
            await cluster.waitForLog(of: 1, "Unable to reload config file: \(configPath.path):1:"),
            "\(cluster.log(of: 1))")

        // A read-only key (cluster_name) keeps its running value, as on corosync; the rest applies.
        try Self.config(port: port, token: 3000, clusterName: "renamed").write(
            to: configPath, atomically: true, encoding: .utf8)
        let renamed = try await ToolRun.run(cfgtool, ["-R", "--run-dir", directories[3]!.path])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        #expect(
            try await Self.waitForKey(
                cmapctl, tokenKey, expected: "\(tokenKey) (u32) = 3650\n", directories: directories
            ).isEmpty)
        #expect(
            try await Self.waitForKey(
                cmapctl, "totem.cluster_name", expected: "totem.cluster_name (str) = reloadtest\n",
                directories: directories
            ).isEmpty)
        for node in 1...3 {
            #expect(
                await cluster.waitForLog(
                    of: node, "Modified entry 'totem.cluster_name' in corosync.conf cannot be changed at run-time"))
        }

        // Node 3 moved to another address (with another token): refused as on corosync, nothing changes.
        let moved = Self.config(port: port, token: 4000).replacingOccurrences(
            of: "ring0_addr: 127.0.0.3\n", with: "ring0_addr: 127.0.0.4\n")
        #expect(moved.contains("127.0.0.4"))
        try moved.write(to: configPath, atomically: true, encoding: .utf8)
        let added = try await ToolRun.run(cfgtool, ["-R", "--run-dir", directories[1]!.path])
        #expect(added.status == 7)
        #expect(
            added.stderr.contains("new config has a different address for node 3 (127.0.0.3 -> 127.0.0.4)"),
            "\(added.stderr)")
        #expect(
            await cluster.waitForLog(of: 3, "this node's id and address (3 127.0.0.3 -> 3 127.0.0.4) cannot be changed")
        )
        try await Task.sleep(for: .milliseconds(500))
        #expect(
            try await Self.waitForKey(
                cmapctl, tokenKey, expected: "\(tokenKey) (u32) = 3650\n", directories: directories
            ).isEmpty)
        #expect(
            try await Self.waitForKey(
                cmapctl, "nodelist.node.2.ring0_addr", expected: "nodelist.node.2.ring0_addr (str) = 127.0.0.3\n",
                directories: directories
            ).isEmpty)
        #expect(
            try await Self.waitForKey(
                cmapctl, "config.reload_status", expected: "config.reload_status (i32) = 7\n", directories: directories
            ).isEmpty)

        // The ring still runs with all three after the refused reloads.
        let still = try await CfgtoolProcessTests.waitForStatus(cfgtool, directories: directories) { node in
            CfgtoolProcessTests.expectedStatus(local: node, connected: [1, 2, 3])
        }
        #expect(still.isEmpty, "\(still)\n\(cluster.logs())")
    }
}
