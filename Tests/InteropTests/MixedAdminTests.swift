import Foundation
import TestSupport
import Testing

/// Operator commands issued on a stock corosync node and applied on ours: `corosync-quorumtool -v`
/// and `-e` (votequorum RECONFIGURE messages) and `corosync-cfgtool -k` (cfg KILLNODE).
@Suite(.serialized) struct MixedAdminTests {
    static let swiftNode = 3

    func quorumReports(_ cluster: MixedCluster) -> (stock: String, ours: String) {
        let stock = cluster.sandbox.exec(["/usr/sbin/corosync-quorumtool", "-s"], on: 1).output
        let ours = cluster.ours("quorumtool", ["-s"], on: Self.swiftNode).output
        return (stock, ours)
    }

    static func normalized(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.hasPrefix("Date:") && !$0.hasPrefix("Node ID:") }
            .map { $0.replacingOccurrences(of: " (local)", with: "") }
    }

    /// Waits until both reports contain every line of `lines` and agree beyond date, id and (local).
    func agree(_ cluster: MixedCluster, on lines: [String]) -> (Bool, String) {
        var last = ("", "")
        let ok = cluster.sandbox.wait(for: 15) {
            last = quorumReports(cluster)
            return lines.allSatisfy { last.0.contains($0) && last.1.contains($0) }
                && Self.normalized(last.0) == Self.normalized(last.1)
        }
        return (ok, "--- corosync-quorumtool -s\n\(last.0)\n--- quorumtool -s\n\(last.1)")
    }

    @Test func votesAndExpectedVotesSetOnAStockNodeApplyOnOursAndKillNodeStopsIt() async throws {
        let suite = self
        try await offPool { try suite.votesAndExpectedVotesSetOnAStockNodeApplyOnOursAndKillNodeStopsItBody() }
    }

    func votesAndExpectedVotesSetOnAStockNodeApplyOnOursAndKillNodeStopsItBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedAdminTests skipped: \(reason)")
            return
        }
        let cluster = try MixedCluster(prefix: "tma", kinds: [.stock, .stock, .swift])
        defer { cluster.close() }
        let sandbox = cluster.sandbox
        let formed = cluster.waitUntilSettled([1, 2, 3], for: 30)
        #expect(formed, "no synchronized 3-node cluster:\n\(sandbox.dumpLogs())")
        guard formed else { return }

        // Two votes for the Swift node, set from a stock node: both sides count 4.
        let votes = sandbox.exec(["/usr/sbin/corosync-quorumtool", "-v", "2", "-n", "\(Self.swiftNode)"], on: 1)
        #expect(votes.status == 0, "corosync-quorumtool -v exited \(votes.status): \(votes.output)")
        let (votesAgreed, votesReports) = agree(cluster, on: ["Total votes:      4", "Quorum:           3"])
        #expect(votesAgreed, "votes set on a stock node not applied alike:\n\(votesReports)")

        // Expected votes raised to 5 from a stock node: both sides expect 5, still quorate.
        let expected = sandbox.exec(["/usr/sbin/corosync-quorumtool", "-e", "5"], on: 2)
        #expect(expected.status == 0, "corosync-quorumtool -e exited \(expected.status): \(expected.output)")
        let (expectedAgreed, expectedReports) = agree(cluster, on: ["Expected votes:   5", "Quorate:          Yes"])
        #expect(expectedAgreed, "expected votes set on a stock node not applied alike:\n\(expectedReports)")

        // corosync-cfgtool -k: our node leaves and exits; the stock pair re-forms at once.
        let kill = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-k", "\(Self.swiftNode)"], on: 1)
        #expect(kill.status == 0, "corosync-cfgtool -k exited \(kill.status): \(kill.output)")
        let label = "node\(Self.swiftNode)"
        let exited = sandbox.wait(for: 10) { !sandbox.isRunning(label) }
        #expect(exited, "totemd still runs after corosync-cfgtool -k:\n\(sandbox.log(label))")
        #expect(sandbox.log(label).contains("Killed by node 1"), "no kill notice:\n\(sandbox.log(label))")
        let pair = [1, 2]
        let reformed = cluster.waitUntilSettled(pair, for: 15)
        #expect(reformed, "stock nodes did not re-form without the killed node:\n\(sandbox.dumpLogs())")
        for node in pair {
            let errors = cluster.errors(node)
            #expect(errors.isEmpty, "node\(node) logged errors: \(errors)")
        }
    }
}
