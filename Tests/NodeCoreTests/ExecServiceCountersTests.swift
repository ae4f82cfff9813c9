import NodeCore
import CMap
import Testing
import Totem

/// The `internal_configuration.service.*` and `runtime.services.*` keys: corosync 3.1.7's
/// names, types and ids (tools-and-config.md §3.2), for the services this node runs, and the
/// counter each service message adds to.
@Suite struct ExecServiceCountersTests {
    /// The captured `corosync-cmapctl` dump's lines for cmap, cfg, cpg, quorum and votequorum
    /// (pload, mon and wd left out: this node does not run them), values at start.
    static let captured: [String] = {
        var lines: [String] = []
        for (id, name) in [(0, "cmap"), (1, "cfg"), (2, "cpg"), (3, "quorum"), (5, "votequorum")] {
            lines.append("internal_configuration.service.\(id).name (str) = corosync_\(name)")
            lines.append("internal_configuration.service.\(id).ver (u32) = 0")
        }
        for (name, functions, id) in [("cfg", 5, 1), ("cmap", 1, 0), ("cpg", 7, 2), ("quorum", 0, 3), ("votequorum", 4, 5)] {
            for function in 0..<functions {
                lines.append("runtime.services.\(name).\(function).rx (u64) = 0")
                lines.append("runtime.services.\(name).\(function).tx (u64) = 0")
            }
            lines.append("runtime.services.\(name).service_id (u16) = \(id)")
        }
        return lines
    }()

    static func dump(_ entries: [(key: String, value: CMapValue)]) -> [String] {
        var map = CMapStore()
        for entry in entries { _ = try? map.set(entry.key, entry.value) }
        return map.entries().map { entry in
            switch entry.value {
            case .string(let text): "\(entry.key) (str) = \(text)"
            case .uint16(let v): "\(entry.key) (u16) = \(v)"
            case .uint32(let v): "\(entry.key) (u32) = \(v)"
            case .uint64(let v): "\(entry.key) (u64) = \(v)"
            default: "\(entry.key) (other)"
            }
        }
    }

    @Test func keysHaveTheCapturedShape() {
        let counters = ExecServiceCounters(services: ExecService.loaded(voteQuorum: true))
        #expect(Self.dump(counters.initialKeys) == Self.captured.sorted { CMapKey.precedes($0, $1) })
    }

    @Test func withoutVoteQuorumItIsNotListed() {
        let keys = ExecServiceCounters(services: ExecService.loaded(voteQuorum: false)).initialKeys.map(\.key)
        #expect(!keys.contains { $0.contains("votequorum") || $0.hasPrefix("internal_configuration.service.5.") })
        #expect(keys.contains("runtime.services.quorum.service_id"))
        #expect(keys.count == 4 * 3 + 2 * (1 + 5 + 7))
    }

    @Test func engineListsTheServicesItRuns() throws {
        let plain = EngineCore(myID: 1, quorumConfiguration: nil, configVersion: nil)
        #expect(plain.services.map(\.id) == [0, 1, 2, 3])
        let voting = try EngineCore(config: EngineReloadTests.config())
        #expect(voting.services.map(\.id) == [0, 1, 2, 3, 5])
        #expect(ExecService.loaded(voteQuorum: true).map(\.shortName) == ["cmap", "cfg", "cpg", "quorum", "votequorum"])
    }

    @Test func eachMessageCountsUnderItsServiceAndFunction() {
        let counters = ExecServiceCounters(services: ExecService.loaded(voteQuorum: true))
        #expect(counters.key(for: ServiceMessages.killNode(2, reason: "x"), .sent) == "runtime.services.cfg.1.tx")
        #expect(counters.key(for: ServiceMessages.shutdown(), .received) == "runtime.services.cfg.2.rx")
        #expect(counters.key(for: ServiceMessages.reloadConfig(from: 1, token: 9), .received) == "runtime.services.cfg.3.rx")
        #expect(counters.key(for: ServiceMessages.cmapConfigVersionSync(configVersion: nil), .sent) == "runtime.services.cmap.0.tx")
        #expect(counters.key(for: ServiceMessages.cpgDownlist(oldMembers: 1, left: []), .received) == "runtime.services.cpg.5.rx")
        #expect(counters.key(for: Self.header(service: 5, function: 1), .sent) == "runtime.services.votequorum.1.tx")
        #expect(counters.key(for: Self.header(service: 2, function: 6), .received) == "runtime.services.cpg.6.rx")
        // Dropped by a stock receiver, so counted nowhere: unknown functions, services not run, short messages.
        #expect(counters.key(for: Self.header(service: 0, function: 1), .received) == nil)
        #expect(counters.key(for: Self.header(service: 2, function: 7), .received) == nil)
        #expect(counters.key(for: Self.header(service: 3, function: 0), .received) == nil)
        #expect(counters.key(for: Self.header(service: 4, function: 0), .received) == nil)
        #expect(counters.key(for: Self.header(service: 9, function: 0), .received) == nil)
        #expect(counters.key(for: Array(Self.header(service: 1, function: 1).prefix(15)), .received) == nil)
        let noVoteQuorum = ExecServiceCounters(services: ExecService.loaded(voteQuorum: false))
        #expect(noVoteQuorum.key(for: Self.header(service: 5, function: 0), .received) == nil)
    }

    static func header(service: UInt16, function: UInt16) -> [UInt8] {
        var writer = WireWriter(capacity: 16)
        ServiceHeader(service: service, function: function, size: 16).encode(into: &writer)
        return writer.bytes
    }
}
