import CMap
import CorosyncIPC
import CorosyncIPCCodec
import Logging
import Testing

@testable import ClusterEngine

/// corosync's cmap semantics the captures do not reach: live iteration, the stats map, handles
/// per connection, cleanup at close, the accept rule.
@Suite struct CorosyncCMapSessionTests {
    static func session(_ service: CMapService, maximum: Int = 1 << 20) -> CorosyncCMapSession {
        let connection = CorosyncConnection.unattached(
            peer: CorosyncPeer(pid: 1, uid: 0, gid: 0), maximumMessageSize: maximum)
        return CorosyncCMapSession(service: service, connection: connection) {}
    }

    static func call(_ session: CorosyncCMapSession, _ request: [UInt8]) -> [UInt8] {
        guard case .response(let bytes) = session.receive(request) else { return [] }
        return bytes
    }

    static func error(_ bytes: [UInt8]) -> Int32 { LibBytes.header(bytes).error }
    static func handle(_ bytes: [UInt8]) -> UInt64 { WireReader(bytes).uint64(at: 24) }
    static func key(_ bytes: [UInt8]) -> String? { WireReader(bytes).name(at: 24) }

    @Test func iterationSeesTheMapAsItIsAndEndsWithNoSections() throws {
        let map = CMap()
        try map.set("a.1", .uint8(1))
        try map.set("a.3", .uint8(3))
        let session = Self.session(CMapService(map: map) { [] })
        let handle = Self.handle(Self.call(session, LibBytes.iterInit("a.")))
        #expect(Self.key(Self.call(session, LibBytes.iterNext(handle))) == "a.1")
        try map.set("a.2", .uint8(2))
        try map.delete("a.3")
        #expect(Self.key(Self.call(session, LibBytes.iterNext(handle))) == "a.2")
        #expect(Self.error(Self.call(session, LibBytes.iterNext(handle))) == CSError.noSections.rawValue)
        #expect(Self.error(Self.call(session, LibBytes.iterNext(handle))) == CSError.noSections.rawValue)
        #expect(Self.error(Self.call(session, LibBytes.iterFinalize(handle))) == CSError.ok.rawValue)
        #expect(Self.error(Self.call(session, LibBytes.iterNext(handle))) == CSError.badHandle.rawValue)
    }

    @Test func statsMapIsReadOnlyButForClearKeys() {
        let service = CMapService(map: CMap()) {
            [("stats.srp.mcast_tx", .uint64(3)), ("stats.ipcs.global.active", .uint64(1))]
        }
        let session = Self.session(service)
        #expect(Self.error(Self.call(session, LibBytes.setMap(1))) == CSError.ok.rawValue)
        let got = Self.call(session, LibBytes.get("stats.srp.mcast_tx", buffer: 8))
        #expect(Self.error(got) == CSError.ok.rawValue && Array(got[40..<48]) == LibBytes.u64(3))
        let one = [UInt8](LibBytes.le(1, 4))
        #expect(
            Self.error(Self.call(session, LibBytes.set("stats.srp.mcast_tx", type: 6, value: one)))
                == CSError.access.rawValue)
        #expect(
            Self.error(Self.call(session, LibBytes.set("stats.clear.totem", type: 6, value: one)))
                == CSError.ok.rawValue)
        let cleared = Self.call(session, LibBytes.get("stats.srp.mcast_tx", buffer: 8))
        #expect(Array(cleared[40..<48]) == LibBytes.u64(0))
        #expect(Self.error(Self.call(session, LibBytes.set("stats.clear.nope", type: 6, value: one))) == 19)
        #expect(Self.error(Self.call(session, LibBytes.set("stats.clear.allx", type: 6, value: one))) == 1)
        #expect(Self.error(Self.call(session, LibBytes.delete("stats.clear.all"))) == CSError.notSupported.rawValue)
        #expect(
            Self.error(Self.call(session, LibBytes.adjust("stats.srp.mcast_tx", step: 1))) == CSError.access.rawValue)
        #expect(
            Self.error(Self.call(session, LibBytes.trackAdd("stats.", type: 4 | 8, instance: 1)))
                == CSError.notSupported.rawValue)
        #expect(
            Self.error(Self.call(session, LibBytes.trackAdd("stats.", type: 15, instance: 1))) == CSError.ok.rawValue)
        // Busy while the tracker is there.
        #expect(Self.error(Self.call(session, LibBytes.setMap(0))) == CSError.busy.rawValue)
        let iterator = Self.handle(Self.call(session, LibBytes.iterInit("stats.srp")))
        #expect(Self.key(Self.call(session, LibBytes.iterNext(iterator))) == "stats.srp.mcast_tx")
        #expect(Self.error(Self.call(session, LibBytes.iterNext(iterator))) == CSError.noSections.rawValue)
    }

    @Test func handlesBelongToTheirConnectionAndCloseUntracks() throws {
        let map = CMap()
        let service = CMapService(map: map) { [] }
        let first = Self.session(service)
        let second = Self.session(service)
        let tracker = Self.handle(Self.call(first, LibBytes.trackAdd("k.", type: 4 | 8, instance: 99)))
        #expect(map.snapshot.trackerCount == 1)
        let foreign = Self.call(second, LibBytes.trackDelete(tracker))
        #expect(Self.error(foreign) == CSError.badHandle.rawValue && Self.handle(foreign) == 0)
        try map.set("k.a", .uint8(1))
        #expect(first.connection.queuedEvents().count == 1)
        let deleted = Self.call(first, LibBytes.trackDelete(tracker))
        #expect(Self.error(deleted) == CSError.ok.rawValue && Self.handle(deleted) == 99)
        _ = Self.call(first, LibBytes.trackAdd("", type: 15, instance: 1))
        _ = Self.call(first, LibBytes.iterInit(""))
        first.close()
        #expect(map.snapshot.trackerCount == 0)
        try map.set("k.b", .uint8(1))
        #expect(first.connection.queuedEvents().isEmpty)
    }

    @Test func getBeyondTheConnectionsBufferIsNoMemory() throws {
        let map = CMap()
        try map.set("k.a", .uint8(1))
        let session = Self.session(CMapService(map: map) { [] }, maximum: 4096)
        #expect(Self.error(Self.call(session, LibBytes.get("k.a", buffer: 4056))) == CSError.ok.rawValue)
        let refused = Self.call(session, LibBytes.get("k.a", buffer: 4057))
        #expect(Self.error(refused) == CSError.noMemory.rawValue && refused.count == 40)
        let huge = Self.call(session, LibBytes.get("k.a", buffer: .max))
        #expect(Self.error(huge) == CSError.noMemory.rawValue)
    }

    @Test func endpointAdmitsAsCorosyncAndCountsConnections() throws {
        let map = CMap()
        let counts = IPCConnectionCounts()
        let endpoint = CorosyncCMapEndpoint(
            cmap: CMapService(map: map) { [] }, connections: counts, refusals: IPCRefusalLog(interval: .seconds(1)),
            logger: .init(label: "test"))
        #expect(endpoint.admit(uid: 0, gid: 100) == .allow)
        #expect(endpoint.admit(uid: 1000, gid: 0) == .allow)
        #expect(endpoint.admit(uid: 1000, gid: 1000) == .deny)
        try map.set("uidgid.gid.1000", .uint8(1))
        #expect(endpoint.admit(uid: 1000, gid: 1000) == .allow)
        let session = endpoint.open(.unattached(peer: CorosyncPeer(pid: 1, uid: 0, gid: 0)))
        #expect(counts.snapshot == IPCConnectionCounts.Snapshot(active: 1, closed: 0))
        session.close()
        #expect(counts.snapshot == IPCConnectionCounts.Snapshot(active: 0, closed: 1))
    }

    @Test func malformedRequestsGetTheBareRefusal() {
        let session = Self.session(CMapService(map: CMap()) { [] })
        for request in [LibBytes.request(10, []), Array(LibBytes.delete("k.a").prefix(40)), LibBytes.request(-1, [])] {
            #expect(Self.call(session, request) == LibMessage.refusal())
        }
    }
}
