import Foundation
import TestSupport
import Testing

/// Closed process groups shared by a libcpg client on a stock corosync 3.1.7 node and a Swift
/// embedder of `ClusterNode` (`cpg-probe-fixture`) on a Swift node, each node in its own network
/// namespace (two_node). The C client is `Resources/cpg_peer.c`, compiled here with Debian's
/// libcpg-dev; both speak the same line protocol (see the C file).
@Suite(.serialized) struct CPGInteropTests {
    static func config(_ sandbox: Sandbox) -> String {
        var text = """
            totem {
            \tversion: 2
            \tcluster_name: cpginterop
            \ttransport: udpu
            \tcrypto_cipher: none
            \tcrypto_hash: none
            \ttoken: 1000
            }
            quorum {
            \tprovider: corosync_votequorum
            \ttwo_node: 1
            }
            logging {
            \tto_stderr: yes
            \tto_syslog: no
            \ttimestamp: hires
            }
            nodelist {

            """
        for node in 1...2 {
            text +=
                "\tnode {\n\t\tring0_addr: \(sandbox.address(node))\n\t\tnodeid: \(node)\n\t\tname: node\(node)\n\t}\n"
        }
        return text + "}\n"
    }

    /// Why these tests cannot run here, or nil.
    static var unavailableReason: String? {
        if let reason = Sandbox.unavailableReason { return reason }
        if !FileManager.default.fileExists(atPath: "/usr/include/corosync/cpg.h") {
            return "libcpg-dev is not installed"
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/cc") { return "no C compiler (/usr/bin/cc)" }
        return nil
    }

    /// Compiles the libcpg client into the sandbox's directory.
    static func buildClient(_ sandbox: Sandbox) throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Resources/cpg_peer.c")
        let binary = sandbox.directory.appendingPathComponent("cpg_peer").path
        try Sandbox.run("/usr/bin/cc", ["-O2", "-Wall", "-o", binary, source.path, "-lcpg"])
        return binary
    }

    /// Starts stock corosync on node 2 and `cpg-probe-fixture` with `arguments` on node 1.
    static func startProbe(_ sandbox: Sandbox, config: URL, _ arguments: [String]) throws {
        let probe = productsDirectory.appendingPathComponent("cpg-probe-fixture").path
        try sandbox.start(
            "swift",
            [probe, "-c", config.path, "--nodeid", "1", "--state-directory", sandbox.directory.path] + arguments, on: 1)
    }

    static func synced(_ sandbox: Sandbox) -> Bool {
        ["swift", "stock"].allSatisfy { MixedClusterTests.settled(sandbox.log($0), members: [1, 2]) }
    }

    static func lines(_ log: String, _ prefix: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.hasPrefix(prefix) }
    }

    /// The stock node's log holds no error, critical line or cpg complaint.
    static func expectQuietStockNode(_ sandbox: Sandbox) {
        let bad = sandbox.log("stock").split(separator: "\n").filter {
            $0.contains(" error ") || $0.contains(" crit ") || $0.contains("Unknown node")
                || ($0.contains("warning") && $0.contains("[CPG"))
        }
        #expect(bad.isEmpty, "the stock node logged: \(bad)")
    }

    @Test func libcpgClientAndSwiftEmbedderExchangeTenThousandMessagesInOneOrder() async throws {
        let suite = self
        try await offPool { try suite.libcpgClientAndSwiftEmbedderExchangeTenThousandMessagesInOneOrderBody() }
    }

    func libcpgClientAndSwiftEmbedderExchangeTenThousandMessagesInOneOrderBody() throws {
        if let reason = Self.unavailableReason {
            print("CPGInteropTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tcpg", nodes: 2)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try Self.config(sandbox).write(to: config, atomically: true, encoding: .utf8)
        let client = try Self.buildClient(sandbox)
        try sandbox.startCorosync("stock", config: config, on: 2)
        try Self.startProbe(sandbox, config: config, ["--group", "interop", "--count", "5000", "--total", "10000"])
        let formed = sandbox.wait(for: 30) { Self.synced(sandbox) }
        #expect(formed, "no synchronized two-node cluster:\n\(sandbox.dumpLogs())")
        guard formed else { return }
        try sandbox.start("client", [client, "interop", "5000", "10000"], on: 2)
        let finished = sandbox.wait(for: 120) {
            sandbox.log("client").contains("\nleft ") && sandbox.log("swift").contains("\npeer-left ")
        }
        #expect(finished, "the exchange did not finish:\n\(sandbox.dumpLogs().suffix(20_000))")
        guard finished else { return }

        let ours = Self.lines(sandbox.log("swift"), "d ")
        let theirs = Self.lines(sandbox.log("client"), "d ")
        #expect(
            ours.count == 10_000 && theirs.count == 10_000, "deliveries: Swift \(ours.count), libcpg \(theirs.count)")
        #expect(ours == theirs, "the two members saw different orders")
        for sender in ["1", "2"] {
            let seqs = ours.filter { $0.split(separator: " ")[1] == sender }.map {
                Int($0.split(separator: " ")[2]) ?? -1
            }
            #expect(seqs == Array(0..<5000), "node \(sender)'s messages are not all there in its order")
        }
        // Both sides interleave: a total order, not one sender's burst after the other's.
        let switches = zip(ours, ours.dropFirst()).filter { $0.split(separator: " ")[1] != $1.split(separator: " ")[1] }
            .count
        print("CPGInteropTests: 10,000 deliveries in the same order on both sides, \(switches) sender switches")

        // Joins and leaves seen across: the client saw the embedder leave and join again, the
        // embedder saw the client join and leave.
        let (swiftLog, clientLog) = (sandbox.log("swift"), sandbox.log("client"))
        guard let ourPid = Self.lines(swiftLog, "self 1 ").first?.split(separator: " ").last,
            let theirPid = Self.lines(clientLog, "self 2 ").first?.split(separator: " ").last
        else {
            Issue.record("no self line:\n\(swiftLog.prefix(2000))\n\(clientLog.prefix(2000))")
            return
        }
        #expect(clientLog.contains("peer-left 1 \(ourPid) 2\n"), "the client did not see our leave")
        #expect(clientLog.contains("peer-joined 1 \(ourPid)\n"), "the client did not see our join")
        #expect(swiftLog.contains("joined=2:\(theirPid):1 "), "we did not see the client join")
        #expect(swiftLog.contains("peer-left 2 \(theirPid) 2\n"), "we did not see the client leave")
        #expect(clientLog.contains("left 1\n"), "cpg_leave did not return CS_OK")
        Self.expectQuietStockNode(sandbox)
    }

    @Test func joinListsCarryMembersBothWaysAndADeadNodesMembersLeaveWithNodeDown() async throws {
        let suite = self
        try await offPool { try suite.joinListsCarryMembersBothWaysAndADeadNodesMembersLeaveWithNodeDownBody() }
    }

    func joinListsCarryMembersBothWaysAndADeadNodesMembersLeaveWithNodeDownBody() throws {
        if let reason = Self.unavailableReason {
            print("CPGInteropTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tcpj", nodes: 2)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try Self.config(sandbox).write(to: config, atomically: true, encoding: .utf8)
        let client = try Self.buildClient(sandbox)
        // Our member joins while our node is alone: the stock node can learn of it only from
        // the JOINLIST we send in the cpg phase of the sync that merges the two.
        try Self.startProbe(sandbox, config: config, ["--group", "stay"])
        let alone = sandbox.wait(for: 30) { sandbox.log("swift").contains("confchg members=1:") }
        #expect(alone, "the embedder did not join:\n\(sandbox.dumpLogs())")
        guard alone, let ourPid = Self.lines(sandbox.log("swift"), "self 1 ").first?.split(separator: " ").last else {
            return
        }
        try sandbox.startCorosync("stock", config: config, on: 2)
        let formed = sandbox.wait(for: 30) { Self.synced(sandbox) }
        #expect(formed, "no synchronized two-node cluster:\n\(sandbox.dumpLogs())")
        guard formed else { return }
        try sandbox.start("client", [client, "stay", "0", "0"], on: 2)
        let observed = sandbox.wait(for: 30) { sandbox.log("client").contains("\nleft ") }
        #expect(observed, "the client did not see our member:\n\(sandbox.dumpLogs())")
        let first = Self.lines(sandbox.log("client"), "confchg").first ?? ""
        #expect(first.contains("members=1:\(ourPid),2:"), "the client's first view lacks our member: \(first)")
        // We saw the client come and go.
        let seen = sandbox.wait(for: 10) { sandbox.log("swift").contains("left=2:") }
        #expect(
            seen && sandbox.log("swift").contains("joined=2:"),
            "we did not see the client:\n\(sandbox.log("swift").suffix(3000))")

        // A client that stays sees our member leave with NODEDOWN when our node dies.
        try sandbox.start("watcher", [client, "stay", "0", "1"], on: 2)
        let watching = sandbox.wait(for: 30) { sandbox.log("watcher").contains("members=1:\(ourPid),2:") }
        #expect(watching, "the watcher did not see our member:\n\(sandbox.log("watcher"))")
        sandbox.signal("swift", SIGKILL)
        let down = sandbox.wait(for: 30) { sandbox.log("watcher").contains("left=1:\(ourPid):3") }
        #expect(down, "no NODEDOWN for our member:\n\(sandbox.log("watcher"))")

        // Our node comes back: the watcher joined before it existed, so only the stock node's
        // JOINLIST can tell our new member about it.
        guard let watcherPid = Self.lines(sandbox.log("watcher"), "self 2 ").first?.split(separator: " ").last else {
            Issue.record("no self line from the watcher:\n\(sandbox.log("watcher"))")
            return
        }
        let probe = productsDirectory.appendingPathComponent("cpg-probe-fixture").path
        try sandbox.start(
            "swift-again",
            [
                probe, "-c", config.path, "--nodeid", "1", "--state-directory", sandbox.directory.path, "--group",
                "stay",
            ], on: 1)
        let learned = sandbox.wait(for: 30) {
            Self.lines(sandbox.log("swift-again"), "confchg").contains { $0.contains("2:\(watcherPid)") }
        }
        #expect(learned, "our member never saw the stock node's member:\n\(sandbox.log("swift-again").suffix(3000))")
        Self.expectQuietStockNode(sandbox)
    }
}
