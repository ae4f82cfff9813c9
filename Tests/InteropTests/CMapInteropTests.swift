import Foundation
import TestSupport
import Testing

/// A stock corosync 3.1.7 and a `totemd` in one cluster (each in its own network namespace):
/// `cmapctl runtime.members` on ours and `corosync-cmapctl runtime.members` on the stock node
/// list the same keys with the same types (and values), before and after a third node leaves
/// and after it rejoins; `internal_configuration.` and `runtime.services.` list the same keys
/// with the same types for the services both run.
@Suite(.serialized) struct CMapInteropTests {
    /// `key (type)` of each line, the value dropped.
    static func namesAndTypes(_ output: String) -> [String] {
        output.split(separator: "\n").map { line in
            guard let equals = line.range(of: " = ") else { return String(line) }
            return String(line[..<equals.lowerBound])
        }
    }

    @Test func runtimeMembersKeysMatchCorosyncs() async throws {
        let suite = self
        try await offPool { try suite.runtimeMembersKeysMatchCorosyncsBody() }
    }

    func runtimeMembersKeysMatchCorosyncsBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("CMapInteropTests skipped: \(reason)")
            return
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/corosync-cmapctl") else {
            print("CMapInteropTests skipped: /usr/sbin/corosync-cmapctl is not installed")
            return
        }
        let sandbox = try Sandbox(prefix: "tcm", nodes: 3)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try MixedClusterTests.config(sandbox, nodes: 3).write(to: config, atomically: true, encoding: .utf8)
        let kinds: [MixedClusterTests.Kind] = [.stock, .swift, .stock]
        for (index, kind) in kinds.enumerated() {
            try MixedClusterTests().start(
                kind, node: index + 1, label: "node\(index + 1)", sandbox: sandbox, config: config)
        }
        let cmapctl = productsDirectory.appendingPathComponent("cmapctl").path
        let runDirectory = sandbox.directory.appendingPathComponent("node2-run").path
        func compare(_ members: [Int], _ when: String, expecting line: String) {
            let formed = sandbox.wait(for: 30) {
                members.allSatisfy { MixedClusterTests.settled(sandbox.log("node\($0)"), members: members) }
            }
            #expect(formed, "cluster \(members) not settled \(when):\n\(sandbox.dumpLogs())")
            guard formed else { return }
            let stock = sandbox.exec(["/usr/sbin/corosync-cmapctl", "runtime.members"], on: 1)
            let ours = sandbox.exec([cmapctl, "runtime.members", "--run-dir", runDirectory], on: 2)
            #expect(
                stock.status == 0 && ours.status == 0,
                "\(when): rc \(stock.status)/\(ours.status)\n\(stock.output)\n\(ours.output)")
            #expect(
                Self.namesAndTypes(ours.output) == Self.namesAndTypes(stock.output),
                "\(when): key names or types differ\n--- ours\n\(ours.output)\n--- corosync\n\(stock.output)")
            #expect(ours.output.contains(line + "\n"), "\(when): no \(line) in\n\(ours.output)")
            // The values agree too (addresses, join counts, statuses, config_version 0).
            #expect(
                ours.output == stock.output,
                "\(when): values differ\n--- ours\n\(ours.output)\n--- corosync\n\(stock.output)")
        }
        compare([1, 2, 3], "with three members", expecting: "runtime.members.3.status (str) = joined")
        // The service keys have the stock node's names and types, less the services this node
        // does not run (pload, mon, wd); the counters' values depend on each node's history.
        for prefix in ["internal_configuration.", "runtime.services."] {
            let stock = sandbox.exec(["/usr/sbin/corosync-cmapctl", prefix], on: 1)
            let ours = sandbox.exec([cmapctl, prefix, "--run-dir", runDirectory], on: 2)
            let notRun = [
                "runtime.services.pload.", "runtime.services.mon.", "runtime.services.wd.",
                "internal_configuration.service.4.", "internal_configuration.service.6.",
                "internal_configuration.service.7.",
            ]
            let expected = Self.namesAndTypes(stock.output).filter { line in !notRun.contains { line.hasPrefix($0) } }
            #expect(
                stock.status == 0 && ours.status == 0 && !expected.isEmpty, "\(prefix): \(stock.output)\n\(ours.output)"
            )
            #expect(
                Self.namesAndTypes(ours.output) == expected,
                "\(prefix) differs\n--- ours\n\(ours.output)\n--- corosync\n\(stock.output)")
        }
        sandbox.signal("node3", SIGKILL)
        compare([1, 2], "after node 3 was killed", expecting: "runtime.members.3.status (str) = left")
        try MixedClusterTests().start(.stock, node: 3, label: "node3", sandbox: sandbox, config: config)
        compare([1, 2, 3], "after node 3 rejoined", expecting: "runtime.members.3.join_count (u32) = 2")
    }
}
