import Foundation
import TestSupport
import Testing

/// Stock `corosync-quorumtool` (libquorum, libvotequorum, libcfg and libcmap through libqb)
/// against totemd nodes, each in a network namespace of its own: it prints what our
/// `quorumtool` prints on the same node (the Date line masked), and its `-e`/`-v` go through
/// the node's votequorum.
@Suite(.serialized) struct LibQBQuorumInteropTests {
    static let stockTool = "/usr/sbin/corosync-quorumtool"

    static func skipped(_ test: String) -> Bool {
        var reason = LibQBNode.unavailableReason
        if reason == nil, !FileManager.default.isExecutableFile(atPath: stockTool) {
            reason = "\(stockTool) is not installed (corosync)"
        }
        guard let reason else { return false }
        print("LibQBQuorumInteropTests.\(test) skipped: \(reason)")
        return true
    }

    /// The output with the `Date:` line (the only one that differs between two runs) masked.
    static func masked(_ output: String) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("Date:") ? "Date: -" : String($0) }.joined(separator: "\n")
    }

    /// Stock `corosync-<tool>` and our `<tool>` with `arguments` on node `node` of `sandbox`:
    /// same output and status.
    static func same(
        _ sandbox: Sandbox, _ arguments: [String], node: Int = 1, runDirectory: String, tool: String = "quorumtool",
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        let stock = sandbox.exec(["/usr/sbin/corosync-\(tool)"] + arguments, on: node)
        let ours = sandbox.exec(
            [productsDirectory.appendingPathComponent(tool).path] + arguments + ["--run-dir", runDirectory],
            on: node)
        #expect(
            masked(stock.output) == masked(ours.output) && stock.status == ours.status,
            Comment(
                rawValue: "\(arguments) on node \(node):\ncorosync-quorumtool (\(stock.status)):\n\(stock.output)\n"
                    + "quorumtool (\(ours.status)):\n\(ours.output)"),
            sourceLocation: sourceLocation)
        return stock.output
    }

    @Test func stockQuorumtoolPrintsWhatOursPrints() async throws {
        try await offPool { try Self.stockQuorumtoolPrintsWhatOursPrintsBody() }
    }

    static func stockQuorumtoolPrintsWhatOursPrintsBody() throws {
        if skipped("stockQuorumtoolPrintsWhatOursPrints") { return }
        let sandbox = try Sandbox(prefix: "tqq")
        defer { sandbox.close() }
        let node = try LibQBNode.start(sandbox, label: "node1", name: "libqbq1", address: "127.0.0.1", nodeID: 1)
        guard node.waitUntilReady() else {
            Issue.record("totemd did not start:\n\(sandbox.dumpLogs())")
            return
        }
        #expect(
            sandbox.log("node1").contains(
                "Serving stock corosync clients through libqb: @cmap @cfg @quorum @votequorum"))
        let run = node.runDirectory
        let status = same(sandbox, ["-s"], runDirectory: run)
        #expect(status.contains("Quorum provider:  corosync_votequorum\nNodes:            1\nNode ID:          1\n"))
        #expect(status.contains("Quorate:          Yes\n"))
        #expect(status.contains("         1          1 libqbq1 (local)\n"))
        _ = same(sandbox, ["-l"], runDirectory: run)
        _ = same(sandbox, ["-l", "-i"], runDirectory: run)
        _ = same(sandbox, ["-s", "-p"], runDirectory: run)
        _ = same(sandbox, ["-s", "-H"], runDirectory: run)
        // -v and -e go through votequorum: refused values are refused as corosync refuses them.
        let refused = sandbox.exec([stockTool, "-e", "3"])
        #expect(refused.status != 0 && refused.output.contains("CS_ERR_INVALID_PARAM"), "\(refused.output)")
        let unknown = sandbox.exec([stockTool, "-n", "7", "-v", "1"])
        #expect(unknown.output.contains("CS_ERR_NAME_NOT_FOUND"), "\(unknown.output)")
        #expect(sandbox.exec([stockTool, "-v", "3"]).status == 0)
        let raised = sandbox.wait(for: 10) {
            sandbox.exec([stockTool, "-s"]).output.contains("Total votes:      3\n")
        }
        #expect(raised, "\(sandbox.exec([stockTool, "-s"]).output)")
        _ = same(sandbox, ["-s"], runDirectory: run)
        // cfg: the local node id, its address, the links' status.
        #expect(sandbox.exec(["/usr/sbin/corosync-cfgtool", "-a", "1"]).output == "127.0.0.1\n")
        let links = same(sandbox, ["-s"], runDirectory: run, tool: "cfgtool")
        #expect(links.contains("\t\tnodeid:          1:\tlocalhost\n"), "\(links)")
        _ = same(sandbox, ["-n"], runDirectory: run, tool: "cfgtool")
    }

    /// A corosync.conf for two nodes at 10.213.<subnet>.1 and .2.
    static func twoNodeConfig(_ sandbox: Sandbox) -> String {
        """
        totem {
        \tversion: 2
        \tcluster_name: libqbq2
        \ttransport: udpu
        \tcrypto_cipher: none
        \tcrypto_hash: none
        }
        quorum {
        \tprovider: corosync_votequorum
        }
        logging {
        \tto_stderr: yes
        \tto_syslog: no
        }
        nodelist {
        \tnode {
        \t\tring0_addr: \(sandbox.address(1))
        \t\tnodeid: 1
        \t\tname: first
        \t}
        \tnode {
        \t\tring0_addr: \(sandbox.address(2))
        \t\tnodeid: 2
        \t\tname: second
        \t}
        }

        """
    }

    /// Two nodes in namespaces of their own; `corosync-quorumtool -m` on node 1, started alone,
    /// sees node 2 join (the quorum and votequorum trackers' events).
    @Test func twoNodesSeeEachOther() async throws {
        try await offPool { try Self.twoNodesSeeEachOtherBody() }
    }

    static func twoNodesSeeEachOtherBody() throws {
        if skipped("twoNodesSeeEachOther") { return }
        let sandbox = try Sandbox(prefix: "tq2", nodes: 2)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("two.conf")
        try twoNodeConfig(sandbox).write(to: config, atomically: true, encoding: .utf8)
        let totemd = productsDirectory.appendingPathComponent("totemd").path
        var runs: [String] = []
        var monitor: HeldProcess?
        defer { monitor?.stop() }
        for node in 1...2 {
            let run = sandbox.directory.appendingPathComponent("node\(node)-run")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            try sandbox.start(
                "node\(node)", [totemd, "-c", config.path, "--nodeid", "\(node)", "--run-dir", run.path], on: node)
            runs.append(run.path)
            if node == 1 {
                // corosync-quorumtool -m on node 1 before node 2 comes: it prints again when it joins.
                guard sandbox.wait(for: 20, { sandbox.log("node1").contains("Completed service synchronization") })
                else {
                    Issue.record("node 1 did not start:\n\(sandbox.dumpLogs())")
                    return
                }
                monitor = try HeldProcess(sandbox, label: "monitor", [stockTool, "-m"])
                _ = sandbox.wait(for: 10) { monitor?.output.contains("Nodes:            1\n") == true }
            }
        }
        let joined = sandbox.wait(for: 30) {
            (1...2).allSatisfy { sandbox.exec([stockTool, "-l"], on: $0).output.contains("second") }
                && (1...2).allSatisfy { sandbox.exec([stockTool, "-l"], on: $0).output.contains("first") }
        }
        guard joined else {
            Issue.record("the nodes did not join:\n\(sandbox.dumpLogs())")
            return
        }
        let monitored = sandbox.wait(for: 10) { monitor?.output.contains("Nodes:            2\n") == true }
        #expect(monitored, "corosync-quorumtool -m:\n\(monitor?.output ?? "")")
        #expect(monitor?.output.contains("Nodes:            1\n") == true)
        for node in 1...2 {
            let status = same(sandbox, ["-s"], node: node, runDirectory: runs[node - 1])
            #expect(status.contains("Nodes:            2\n") && status.contains("Total votes:      2\n"), "\(status)")
            _ = same(sandbox, ["-l"], node: node, runDirectory: runs[node - 1])
            _ = same(sandbox, ["-l", "-i"], node: node, runDirectory: runs[node - 1])
            let links = same(sandbox, ["-s"], node: node, runDirectory: runs[node - 1], tool: "cfgtool")
            #expect(links.contains(":\tconnected\n") && links.contains(":\tlocalhost\n"), "\(links)")
            _ = same(sandbox, ["-n"], node: node, runDirectory: runs[node - 1], tool: "cfgtool")
        }
    }
}
