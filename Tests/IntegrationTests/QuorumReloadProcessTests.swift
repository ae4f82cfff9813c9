import Foundation
import Testing

/// Two real `totemd` processes on 127.0.0.1–2: `cfgtool -R` with changed quorum options
/// behaves as on a stock corosync 3.1.7 node (checked there): votequorum's start-up options
/// are taken into cmap but not applied, two_node is applied at once.
@Suite(.serialized) struct QuorumReloadProcessTests {
    static func config(port: Int, quorum: String = "") -> String {
        ConfigReloadProcessTests.config(port: port, token: 1000, quorum: quorum)
            .replacingOccurrences(of: "\tnode {\n\t\tring0_addr: 127.0.0.3\n\t\tnodeid: 3\n\t}\n", with: "")
    }

    /// The `Flags:` line of `quorumtool -s` on `node`.
    static func flags(_ quorumtool: URL, _ directory: URL) async throws -> String {
        let status = try await ToolRun.run(quorumtool, ["-s", "--run-dir", directory.path])
        return status.stdout.split(separator: "\n").first { $0.hasPrefix("Flags:") }.map(String.init) ?? status.stdout
    }

    static func waitForFlags(
        _ quorumtool: URL, directories: [Int: URL], _ expected: String
    ) async throws -> [Int: String] {
        try await ToolRun.poll(quorumtool, ["-s"], directories: directories, timeout: .seconds(20)) { _, result in
            result.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == expected }
        }
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func startupOptionsAreKeptAndTwoNodeIsApplied() async throws {
        let port = 53_000 + Int(getpid() % 1000) * 4
        let config = Self.config(port: port)
        #expect(!config.contains("127.0.0.3"))
        let cluster = try TotemdCluster(name: "qreload", config: config, nodes: 1...2)
        defer { cluster.shutdown() }
        let cfgtool = cluster.binary("cfgtool")
        let cmapctl = cluster.binary("cmapctl")
        let quorumtool = cluster.binary("quorumtool")
        let directories = cluster.directories

        let formed = try await Self.waitForFlags(quorumtool, directories: directories, "Flags:            Quorate")
        #expect(formed.isEmpty, "no quorate 2-node cluster: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }

        // wait_for_all (and last_man_standing) changed: the reload succeeds, cmap shows the
        // file's values as a stock node does, votequorum keeps running without them.
        try Self.config(port: port, quorum: "\twait_for_all: 1\n\tlast_man_standing: 1")
            .write(to: cluster.configPath, atomically: true, encoding: .utf8)
        let kept = try await ToolRun.run(cfgtool, ["-R", "--run-dir", directories[1]!.path])
        #expect(kept.status == 0, "\(kept.stderr)\n\(cluster.logs())")
        #expect(kept.stdout == "Reloading corosync.conf...\nDone\n")
        #expect(
            try await ConfigReloadProcessTests.waitForKey(
                cmapctl, "quorum.wait_for_all", expected: "quorum.wait_for_all (u8) = 1\n", directories: directories
            ).isEmpty)
        for node in 1...2 {
            #expect(
                try await Self.flags(quorumtool, directories[node]!) == "Flags:            Quorate ", "node \(node)")
            #expect(!cluster.log(of: node).contains("quorum.wait_for_all' in corosync.conf cannot be changed"))
        }

        // two_node: applied on both nodes; wait_for_all was not written at start-up, so it
        // follows (the stock node shows the same flags).
        try Self.config(port: port, quorum: "\ttwo_node: 1").write(
            to: cluster.configPath, atomically: true, encoding: .utf8)
        let twoNode = try await ToolRun.run(cfgtool, ["-R", "--run-dir", directories[2]!.path])
        #expect(twoNode.status == 0, "\(twoNode.stderr)\n\(cluster.logs())")
        let applied = try await Self.waitForFlags(
            quorumtool, directories: directories, "Flags:            2Node Quorate WaitForAll")
        #expect(applied.isEmpty, "two_node not applied: \(applied)\n\(cluster.logs())")
        #expect(
            try await ConfigReloadProcessTests.waitForKey(
                cmapctl, "runtime.votequorum.two_node", expected: "runtime.votequorum.two_node (u8) = 1\n",
                directories: directories
            ).isEmpty)

        // Node 2 dies: node 1 stays quorate with its single vote.
        _ = cluster.kill(2)
        let survivor = [1: directories[1]!]
        let alone = try await ToolRun.poll(quorumtool, ["-s"], directories: survivor, timeout: .seconds(20)) {
            _, result in
            result.stdout.contains("Total votes:      1\n") && result.stdout.contains("Quorate:          Yes\n")
        }
        #expect(alone.isEmpty, "node 1 alone: \(alone)\n\(cluster.log(of: 1))")

        // two_node removed again: the lone node is inquorate once its NODEINFO is delivered.
        try Self.config(port: port).write(to: cluster.configPath, atomically: true, encoding: .utf8)
        let removed = try await ToolRun.run(cfgtool, ["-R", "--run-dir", directories[1]!.path])
        #expect(removed.status == 0, "\(removed.stderr)\n\(cluster.log(of: 1))")
        let blocked = try await ToolRun.poll(quorumtool, ["-s"], directories: survivor, timeout: .seconds(20)) {
            _, result in
            result.stdout.contains("Quorate:          No\n")
                && result.stdout.contains("Quorum:           2 Activity blocked\n")
        }
        #expect(blocked.isEmpty, "node 1 without two_node: \(blocked)\n\(cluster.log(of: 1))")
        #expect(try await Self.flags(quorumtool, directories[1]!) == "Flags:            ")
    }
}
