import Foundation
import TestSupport
import Testing

/// A reload changing `quorum.two_node` on a mixed 2-node cluster (a stock corosync 3.1.7 node
/// and totemd): both apply it as votequorum does at runtime, so our node stays quorate when
/// the stock one dies, and becomes inquorate once two_node is removed again.
@Suite(.serialized) struct MixedQuorumReloadTests {
    static let swiftNode = 2

    static func flagsLine(_ output: String) -> String {
        output.split(separator: "\n").first { $0.hasPrefix("Flags:") }.map(String.init) ?? output
    }

    @Test func twoNodeReloadedOnAStockNodeAppliesOnOursToo() async throws {
        let suite = self
        try await offPool { try suite.twoNodeReloadedOnAStockNodeAppliesOnOursTooBody() }
    }

    func twoNodeReloadedOnAStockNodeAppliesOnOursTooBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedQuorumReloadTests skipped: \(reason)")
            return
        }
        let cluster = try MixedCluster(prefix: "tqr", kinds: [.stock, .swift])
        defer { cluster.close() }
        let sandbox = cluster.sandbox
        let formed = cluster.waitUntilSettled([1, 2], for: 30)
        #expect(formed, "no synchronized 2-node cluster:\n\(sandbox.dumpLogs())")
        guard formed else { return }
        func stockFlags() -> String {
            Self.flagsLine(sandbox.exec(["/usr/sbin/corosync-quorumtool", "-s"], on: 1).output)
        }
        func ourStatus() -> String { cluster.ours("quorumtool", ["-s"], on: Self.swiftNode).output }
        let quorate = sandbox.wait(for: 15) {
            stockFlags() == "Flags:            Quorate " && Self.flagsLine(ourStatus()) == "Flags:            Quorate "
        }
        #expect(quorate, "not quorate: \(stockFlags()) / \(ourStatus())")

        let provider = "\tprovider: corosync_votequorum\n"
        #expect(cluster.config.contains(provider))
        try cluster.config.replacingOccurrences(of: provider, with: provider + "\ttwo_node: 1\n")
            .write(to: cluster.configPath, atomically: true, encoding: .utf8)
        let reload = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-R"], on: 1)
        #expect(reload.status == 0, "corosync-cfgtool -R: \(reload.output)")
        let expected = "Flags:            2Node Quorate WaitForAll "
        let applied = sandbox.wait(for: 15) { stockFlags() == expected && Self.flagsLine(ourStatus()) == expected }
        #expect(
            applied, "two_node not applied alike: stock \(stockFlags()) / ours \(ourStatus())\n\(sandbox.dumpLogs())")

        sandbox.signal("node1", SIGKILL)
        let alone = sandbox.wait(for: 30) {
            let status = ourStatus()
            return status.contains("Total votes:      1\n") && status.contains("Quorate:          Yes\n")
        }
        #expect(alone, "our node did not stay quorate alone: \(ourStatus())\n\(sandbox.log("node\(Self.swiftNode)"))")

        try cluster.config.write(to: cluster.configPath, atomically: true, encoding: .utf8)
        let removed = cluster.ours("cfgtool", ["-R"], on: Self.swiftNode)
        #expect(removed.status == 0, "cfgtool -R: \(removed.output)")
        let blocked = sandbox.wait(for: 15) { ourStatus().contains("Quorate:          No\n") }
        #expect(blocked, "our node stayed quorate without two_node: \(ourStatus())")
        let errors = cluster.errors(Self.swiftNode)
        #expect(errors.isEmpty, "our node logged errors: \(errors)")
    }
}
