import Foundation
import TestSupport
import Testing

extension LibQBCMapInteropTests {
    @Test func aTakenNameIsLoggedAndTheNodeRunsOn() async throws {
        try await offPool { try Self.aTakenNameIsLoggedAndTheNodeRunsOnBody() }
    }

    /// Three single-node totemds in one namespace (as our suites start them): the first serves
    /// `@cmap`; the second finds the name taken, says so and runs on, serving its own socket;
    /// the third, with `--no-libqb`, does not try. Once the first stops, nobody serves `@cmap`.
    static func aTakenNameIsLoggedAndTheNodeRunsOnBody() throws {
        if skipped("aTakenNameIsLoggedAndTheNodeRunsOn") { return }
        let sandbox = try Sandbox(prefix: "tqd")
        defer { sandbox.close() }
        guard let first = try node(sandbox, name: "libqb4a") else { return }
        let second = try LibQBNode.start(sandbox, label: "node2", name: "libqb4b", address: "127.0.0.2", nodeID: 2)
        let third = try LibQBNode.start(
            sandbox, label: "node3", name: "libqb4c", address: "127.0.0.3", nodeID: 3, extra: ["--no-libqb"])
        #expect(second.waitUntilReady() && third.waitUntilReady(), "\(sandbox.dumpLogs())")
        let taken = "Stock corosync clients cannot reach this node: the abstract socket @cmap is taken"
        #expect(sandbox.log("node2").contains(taken), "\(sandbox.log("node2"))")
        #expect(!sandbox.log("node3").contains("libqb"), "\(sandbox.log("node3"))")
        #expect(second.ours(["-g", "totem.cluster_name"]).output == "totem.cluster_name (str) = libqb4b\n")
        #expect(third.ours(["-g", "totem.cluster_name"]).output == "totem.cluster_name (str) = libqb4c\n")
        #expect(first.stock(["-g", "totem.cluster_name"]).output == "totem.cluster_name (str) = libqb4a\n")
        sandbox.signal("node1", SIGTERM)
        let unserved = first.stock(["-g", "totem.cluster_name"])
        #expect(unserved.status != 0, "\(unserved.output)")
        #expect(sandbox.isRunning("node2") && sandbox.isRunning("node3"), "\(sandbox.dumpLogs())")
    }
}
