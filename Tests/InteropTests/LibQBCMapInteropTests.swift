import Foundation
import TestSupport
import Testing

/// Stock corosync 3.1.7 clients against a totemd node through libqb (`@cmap`), each node in a
/// network namespace of its own (abstract socket names are per namespace): `corosync-cmapctl`
/// prints what our `cmapctl` prints on the same node, sees the same map, tracks changes, is
/// refused as corosync refuses; malformed requests are answered; a taken name is logged and
/// the node runs on.
@Suite(.serialized) struct LibQBCMapInteropTests {
    static func skipped(_ test: String) -> Bool {
        guard let reason = LibQBNode.unavailableReason else { return false }
        print("LibQBCMapInteropTests.\(test) skipped: \(reason)")
        return true
    }

    /// Starts a node labelled `node1` and waits for its first sync.
    static func node(_ sandbox: Sandbox, name: String) throws -> LibQBNode? {
        let node = try LibQBNode.start(sandbox, label: "node1", name: name, address: "127.0.0.1", nodeID: 1)
        let ready = node.waitUntilReady()
        #expect(ready, "totemd did not start:\n\(sandbox.dumpLogs())")
        return ready ? node : nil
    }

    @Test func stockCmapctlPrintsWhatOursPrints() async throws {
        try await offPool { try Self.stockCmapctlPrintsWhatOursPrintsBody() }
    }

    static func stockCmapctlPrintsWhatOursPrintsBody() throws {
        if skipped("stockCmapctlPrintsWhatOursPrints") { return }
        let sandbox = try Sandbox(prefix: "tqa")
        defer { sandbox.close() }
        guard let node = try node(sandbox, name: "libqb1") else { return }
        #expect(sandbox.log("node1").contains("Serving stock corosync clients through libqb: @cmap"))
        func same(_ arguments: [String], _ expected: String? = nil) {
            let stock = node.stock(arguments)
            let ours = node.ours(arguments)
            let both =
                "corosync-cmapctl (\(stock.status)):\n\(stock.output)\ncmapctl (\(ours.status)):\n\(ours.output)"
            #expect(
                stock.output == ours.output && stock.status == ours.status,
                "\(arguments): \(both)")
            if let expected { #expect(stock.output == expected, "\(arguments)") }
        }
        same([])
        same(["-g", "totem.cluster_name"], "totem.cluster_name (str) = libqb1\n")
        // One map: what either tool sets, both see.
        #expect(node.stock(["-s", "test.libqb.a", "u32", "7"]).status == 0)
        #expect(node.ours(["-s", "test.libqb.b", "str", "hello world"]).status == 0)
        #expect(node.stock(["-s", "test.libqb.c.d", "i8", "--", "-3"]).status == 0)
        #expect(node.stock(["-s", "test.libqb.e", "dbl", "2.5"]).status == 0)
        same(
            ["test.libqb."],
            "test.libqb.a (u32) = 7\ntest.libqb.b (str) = hello world\ntest.libqb.c.d (i8) = -3\n"
                + "test.libqb.e (dbl) = 2.500000\n")
        #expect(node.stock(["-d", "test.libqb.a"]).status == 0)
        same(["-g", "test.libqb.a"], "Can't get key test.libqb.a. Error CS_ERR_NOT_EXIST\n")
        #expect(node.stock(["-D", "test.libqb.c"]).status == 0)
        same(["test.libqb."], "test.libqb.b (str) = hello world\ntest.libqb.e (dbl) = 2.500000\n")
        same(["-s", "totem.cluster_name", "str", "x"], "Failed to set key totem.cluster_name. Error CS_ERR_ACCESS\n")
        same(["-g", "nope.x"])
        // The stats map: the same keys and types (the connection counts differ by each tool's own).
        let stock = node.stock(["-m", "stats"])
        let ours = node.ours(["-m", "stats"])
        #expect(stock.status == 0 && stock.output.contains("stats.srp.mcast_tx (u64) = "))
        #expect(
            CMapInteropTests.namesAndTypes(stock.output) == CMapInteropTests.namesAndTypes(ours.output),
            "-m stats:\n\(stock.output)\n\(ours.output)")
    }

    @Test func trackersSeeOtherClientsChanges() async throws {
        try await offPool { try Self.trackersSeeOtherClientsChangesBody() }
    }

    static func trackersSeeOtherClientsChangesBody() throws {
        if skipped("trackersSeeOtherClientsChanges") { return }
        let sandbox = try Sandbox(prefix: "tqb")
        defer { sandbox.close() }
        guard let node = try node(sandbox, name: "libqb2") else { return }
        let cmapctl = productsDirectory.appendingPathComponent("cmapctl").path
        let stockPrefix = try HeldProcess(sandbox, label: "stock-T", [LibQBNode.stockTool, "-T", "test.trk."])
        defer { stockPrefix.stop() }
        let stockKey = try HeldProcess(sandbox, label: "stock-t", [LibQBNode.stockTool, "-t", "test.trk.s"])
        defer { stockKey.stop() }
        let oursPrefix = try HeldProcess(
            sandbox, label: "ours-T", [cmapctl, "-T", "test.trk.", "--run-dir", node.runDirectory])
        defer { oursPrefix.stop() }
        let trackers = [stockPrefix, stockKey, oursPrefix]
        let listening = sandbox.wait(for: 10) { trackers.allSatisfy { $0.output.contains("Type \"q\" to finish") } }
        #expect(listening, "trackers did not start:\n\(trackers.map(\.output))")
        #expect(node.stock(["-s", "test.trk.a", "u8", "1"]).status == 0)
        #expect(node.ours(["-s", "test.trk.a", "u8", "2"]).status == 0)
        #expect(node.stock(["-s", "test.trk.s", "str", "hello"]).status == 0)
        #expect(node.ours(["-s", "test.trk.s", "str", "bye"]).status == 0)
        #expect(node.ours(["-d", "test.trk.a"]).status == 0)
        #expect(node.stock(["-s", "other.key", "u8", "1"]).status == 0)
        _ = sandbox.wait(for: 10) { trackers.allSatisfy { $0.output.contains("(str) = bye") } }
        _ = sandbox.wait(for: 5) { [stockPrefix, oursPrefix].allSatisfy { $0.output.contains("delete>") } }
        let expected =
            "Type \"q\" to finish\ncreate> test.trk.a (u8) = 1\nmodify> test.trk.a (u8) = 2\n"
            + "create> test.trk.s (str) = hello\nmodify> test.trk.s (str) = bye\ndelete> test.trk.a (u8) = 2\n"
        #expect(stockPrefix.stop() == expected)
        #expect(oursPrefix.stop() == expected)
        #expect(
            stockKey.stop()
                == "Type \"q\" to finish\ncreate> test.trk.s (str) = hello\nmodify> test.trk.s (str) = bye\n")
        // The trackers' connections are gone: only the asking tool's own remains.
        let closed = sandbox.wait(for: 5) {
            node.ours(["-m", "stats", "-g", "stats.ipcs.global.active"]).output
                == "stats.ipcs.global.active (u64) = 1\n"
        }
        #expect(closed, "connections still open: \(node.ours(["-m", "stats"]).output)")
    }
}
