import NodeCore
import CMap
import ClusterEngine
import ClusterIPC
import Synchronization
import Testing

/// Through IPC, the service keys are read-only (`CS_ERR_ACCESS`) and the stats map's
/// `stats.ipcs.global.*` keys read the server's connection counts; `stats.clear.ipc` restarts
/// `closed` only, `stats.clear.totem` the SRP counters only.
@Suite struct ServiceKeysAccessTests {
    private func status(_ reply: IPCReply) -> IPCStatus? {
        if case .failure(let status, _) = reply { return status }
        return nil
    }

    @Test func serviceKeysAreReadOnlyForClients() throws {
        let map = CMap()
        map.update(ExecServiceCounters(services: ExecService.loaded(voteQuorum: true)).initialKeys.map { ($0.key, $0.value) })
        try map.increment("runtime.services.cfg.3.rx")
        let connection = CMapService(map: map) { [] }.connect { _ in }
        #expect(connection.answer(.get(key: "runtime.services.cfg.3.rx"), requestID: 1) == .cmap(.value(.uint64(1))))
        #expect(connection.answer(.get(key: "internal_configuration.service.5.name"), requestID: 2)
            == .cmap(.value(.string("corosync_votequorum"))))
        let writes: [CMapRequest] = [
            .set(key: "runtime.services.cfg.3.rx", value: .uint64(0)),
            .set(key: "runtime.services.cmap.service_id", value: .uint16(9)),
            .set(key: "runtime.services.pload.service_id", value: .uint16(4)),
            .set(key: "internal_configuration.service.0.name", value: .string("x")),
            .set(key: "internal_configuration.service.4.name", value: .string("corosync_pload")),
            .delete(key: "runtime.services.cpg.5.tx"),
            .delete(key: "internal_configuration.service.2.ver"),
        ]
        for (index, write) in writes.enumerated() {
            #expect(status(connection.answer(write, requestID: UInt32(10 + index))) == .access, "\(write)")
        }
        #expect(map["runtime.services.cfg.3.rx"] == .uint64(1))
        #expect(map["runtime.services.pload.service_id"] == nil)
        #expect(map["runtime.services.cpg.5.tx"] == .uint64(0))
    }

    @Test func ipcCountsAreInTheStatsMapAndClearedByClearIPC() {
        let counts = Mutex(IPCConnectionCounts.Snapshot(active: 2, closed: 25))
        let srp = Mutex<UInt64>(151)
        let service = CMapService(map: CMap()) {
            [("stats.srp.orf_token_rx", .uint64(srp.withLock { $0 }))] + NodeCMapKeys.ipcStats(counts.withLock { $0 })
        }
        let connection = service.connect { _ in }
        #expect(connection.answer(.setMap(.stats), requestID: 1) == .done)
        #expect(connection.answer(.iterate(prefix: "stats.ipcs.", after: ""), requestID: 2) == .cmap(.entries([
            CMapEntry(key: "stats.ipcs.global.active", value: .uint64(2)),
            CMapEntry(key: "stats.ipcs.global.closed", value: .uint64(25)),
        ], more: false)))
        #expect(connection.answer(.set(key: "stats.clear.ipc", value: .uint8(1)), requestID: 3) == .done)
        counts.withLock { $0 = IPCConnectionCounts.Snapshot(active: 1, closed: 26) }
        #expect(connection.answer(.get(key: "stats.ipcs.global.closed"), requestID: 4) == .cmap(.value(.uint64(1))))
        #expect(connection.answer(.get(key: "stats.ipcs.global.active"), requestID: 5) == .cmap(.value(.uint64(1))))
        #expect(connection.answer(.get(key: "stats.srp.orf_token_rx"), requestID: 6) == .cmap(.value(.uint64(151))))
        #expect(connection.answer(.set(key: "stats.clear.totem", value: .uint8(1)), requestID: 7) == .done)
        srp.withLock { $0 = 160 }
        #expect(connection.answer(.get(key: "stats.srp.orf_token_rx"), requestID: 8) == .cmap(.value(.uint64(9))))
        #expect(connection.answer(.get(key: "stats.ipcs.global.closed"), requestID: 9) == .cmap(.value(.uint64(1))))
        #expect(connection.answer(.set(key: "stats.clear.all", value: .uint8(1)), requestID: 10) == .done)
        #expect(connection.answer(.get(key: "stats.ipcs.global.closed"), requestID: 11) == .cmap(.value(.uint64(0))))
        #expect(connection.answer(.get(key: "stats.ipcs.global.active"), requestID: 12) == .cmap(.value(.uint64(1))))
        #expect(status(connection.answer(.set(key: "stats.ipcs.global.closed", value: .uint64(0)), requestID: 13)) == .notSupported)
    }
}
