import Foundation
import Glibc
import Testing

/// Two real `totemd` processes and the real `cmapctl`: the service keys have corosync's shape,
/// the exec message counters move exactly as `cfgtool -R` (cfg RELOAD_CONFIG) and
/// `quorumtool -e` (votequorum RECONFIGURE) send and deliver messages, clients may not change
/// them, and the stats map counts IPC connections.
@Suite(.serialized) struct CMapServicesProcessTests {
    static let isRoot = geteuid() == 0

    /// `runtime.services.*.rx/tx` from `cmapctl runtime.services.` output.
    static func counters(_ output: String) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.components(separatedBy: " (u64) = ")
            if parts.count == 2, let value = UInt64(parts[1]) { result[parts[0]] = value }
        }
        return result
    }

    @Test(.enabled(if: isRoot, "needs root: totemd's IPC answers root (and configured uids) only"))
    func serviceKeysCountersAndConnections() async throws {
        let port = 46_000 + Int(getpid() % 500) * 2
        let cluster = try TotemdCluster(
            name: "cmapsvc", config: QuorumtoolProcessTests.config(port: port, nodes: 2, twoNode: false), nodes: 1...2)
        defer { cluster.shutdown() }
        let cmapctl = cluster.binary("cmapctl")
        let directories = cluster.directories
        func run(_ tool: String, _ node: Int, _ arguments: [String]) async throws -> ToolRun.Result {
            try await ToolRun.run(cluster.binary(tool), arguments + ["--run-dir", directories[node]!.path])
        }
        func counters(_ node: Int) async throws -> [String: UInt64] {
            Self.counters(try await run("cmapctl", node, ["runtime.services."]).stdout)
        }

        // Both nodes synced: each got its own and the other's cmap and votequorum sync messages.
        let synced = try await ToolRun.poll(
            cmapctl, ["runtime.services."], directories: directories, timeout: .seconds(60)
        ) { _, result in
            let values = Self.counters(result.stdout)
            return result.status == 0 && values["runtime.services.cmap.0.rx", default: 0] >= 2
                && values["runtime.services.votequorum.0.rx", default: 0] >= 2
                && values["runtime.services.cpg.5.tx", default: 0] >= 1
        }
        #expect(synced.isEmpty, "not synced: \(synced)\n\(cluster.logs())")
        guard synced.isEmpty else { return }

        // corosync's names, types and ids (tools-and-config.md §3.2), without pload, mon and wd.
        let services = try await run("cmapctl", 1, ["internal_configuration."])
        let named = [(0, "cmap"), (1, "cfg"), (2, "cpg"), (3, "quorum"), (5, "votequorum")]
        #expect(
            services.status == 0
                && services.stdout
                    == named.map {
                        "internal_configuration.service.\($0.0).name (str) = corosync_\($0.1)\ninternal_configuration.service.\($0.0).ver (u32) = 0\n"
                    }.joined()
        )
        let ids = try await run(
            "cmapctl", 2, ["-g", "runtime.services.quorum.service_id", "runtime.services.votequorum.service_id"])
        #expect(
            ids.stdout
                == "runtime.services.quorum.service_id (u16) = 3\nruntime.services.votequorum.service_id (u16) = 5\n")
        let cpgKeys = try await run("cmapctl", 1, ["runtime.services.cpg."]).stdout.split(separator: "\n").map {
            $0.components(separatedBy: " = ")[0]
        }
        #expect(
            cpgKeys == (0..<7).flatMap {
                ["runtime.services.cpg.\($0).rx (u64)", "runtime.services.cpg.\($0).tx (u64)"]
            }
                + ["runtime.services.cpg.service_id (u16)"])

        // A quiet ring sends no service messages: wait until the counters hold still.
        var before: [Int: [String: UInt64]] = [:]
        let quietEnd = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < quietEnd {
            let first = await [1: try counters(1), 2: try counters(2)]
            try await Task.sleep(for: .seconds(2))
            before = await [1: try counters(1), 2: try counters(2)]
            if before == first { break }
        }

        // cfgtool -R on node 1: one RELOAD_CONFIG sent by node 1, delivered to both.
        let reload = try await run("cfgtool", 1, ["-R"])
        #expect(reload.status == 0, "\(reload.stderr)")
        let reloaded = try await ToolRun.poll(
            cmapctl, ["runtime.services.cfg.3."], directories: directories, timeout: .seconds(30)
        ) { node, result in
            let values = Self.counters(result.stdout)
            return values["runtime.services.cfg.3.rx"] == before[node]!["runtime.services.cfg.3.rx"]! + 1
                && values["runtime.services.cfg.3.tx"] == before[node]!["runtime.services.cfg.3.tx"]!
                    + (node == 1 ? 1 : 0)
        }
        #expect(reloaded.isEmpty, "cfg.3 counters did not move by one: \(reloaded)\nbefore: \(before)")

        // quorumtool -e 2 on node 2: one votequorum RECONFIGURE sent by node 2, delivered to both.
        let expected = try await run("quorumtool", 2, ["-e", "2"])
        #expect(expected.status == 0, "\(expected.stderr)")
        let reconfigured = try await ToolRun.poll(
            cmapctl, ["runtime.services.votequorum.1."], directories: directories, timeout: .seconds(30)
        ) { node, result in
            let values = Self.counters(result.stdout)
            return values["runtime.services.votequorum.1.rx"] == before[node]!["runtime.services.votequorum.1.rx"]! + 1
                && values["runtime.services.votequorum.1.tx"] == before[node]!["runtime.services.votequorum.1.tx"]!
                    + (node == 2 ? 1 : 0)
        }
        #expect(reconfigured.isEmpty, "votequorum.1 counters did not move by one: \(reconfigured)\nbefore: \(before)")

        // Read-only for clients, as on corosync.
        let set = try await run("cmapctl", 1, ["-s", "runtime.services.cfg.3.rx", "u64", "0"])
        #expect(set.status == 1 && set.stderr == "Failed to set key runtime.services.cfg.3.rx. Error CS_ERR_ACCESS\n")
        let setName = try await run("cmapctl", 1, ["-s", "internal_configuration.service.0.name", "str", "x"])
        #expect(
            setName.status == 1
                && setName.stderr == "Failed to set key internal_configuration.service.0.name. Error CS_ERR_ACCESS\n")
        let delete = try await run("cmapctl", 1, ["-d", "runtime.services.cmap.service_id"])
        #expect(
            delete.status == 1
                && delete.stderr == "Can't delete key runtime.services.cmap.service_id. Error CS_ERR_ACCESS\n")
        #expect(
            try await run("cmapctl", 1, ["-g", "runtime.services.cmap.service_id"]).stdout
                == "runtime.services.cmap.service_id (u16) = 0\n")

        // stats.ipcs.global: the reading cmapctl is the one open connection; the earlier ones closed.
        func ipc() async throws -> [String: UInt64] {
            Self.counters(try await run("cmapctl", 1, ["-m", "stats", "stats.ipcs."]).stdout)
        }
        let first = try await ipc()
        #expect(
            first["stats.ipcs.global.active"] == 1 && first["stats.ipcs.global.closed", default: 0] >= 5, "\(first)")
        var later = try await ipc()
        let laterEnd = ContinuousClock.now + .seconds(30)
        while later["stats.ipcs.global.closed", default: 0] <= first["stats.ipcs.global.closed", default: 0],
            ContinuousClock.now < laterEnd
        {
            try await Task.sleep(for: .milliseconds(100))
            later = try await ipc()
        }
        #expect(
            later["stats.ipcs.global.active"] == 1
                && later["stats.ipcs.global.closed", default: 0] > first["stats.ipcs.global.closed", default: 0],
            "\(first) then \(later)")
    }
}
