import CMap
import ClusterEngine
import ClusterIPC
import Synchronization
import Testing

@Suite struct CMapServiceTests {
    static func service(_ map: CMap = CMap()) -> CMapService {
        CMapService(map: map) { [("stats.srp.orf_token_rx", .uint64(151)), ("stats.srp.mcast_tx", .uint64(3))] }
    }

    @Test func getSetDeleteWithCorosyncsErrors() {
        let map = CMap()
        map.update([("totem.cluster_name", .string("spbtest"))])
        let connection = Self.service(map).connect { _ in }
        #expect(connection.answer(.set(key: "test.u8", value: .uint8(7)), requestID: 1) == .done)
        #expect(connection.answer(.get(key: "test.u8"), requestID: 2) == .cmap(.value(.uint8(7))))
        #expect(connection.answer(.set(key: "test.u8", value: .uint32(9)), requestID: 3) == .done)
        #expect(connection.answer(.get(key: "test.u8"), requestID: 4) == .cmap(.value(.uint32(9))))
        #expect(status(connection.answer(.set(key: "totem.cluster_name", value: .string("x")), requestID: 5)) == .access)
        #expect(status(connection.answer(.delete(key: "totem.cluster_name"), requestID: 6)) == .access)
        #expect(status(connection.answer(.set(key: "ab", value: .uint8(1)), requestID: 7)) == IPCStatus(rawValue: 13))
        #expect(status(connection.answer(.get(key: "no.such.key"), requestID: 8)) == .notExist)
        #expect(connection.answer(.delete(key: "test.u8"), requestID: 9) == .done)
        #expect(status(connection.answer(.delete(key: "test.u8"), requestID: 10)) == .notExist)
    }

    @Test func iterationIsPagedUnderTheFrameLimit() {
        let map = CMap()
        map.update((0..<40).map { ("test.k\($0 < 10 ? "0" : "")\($0)", .binary([UInt8](repeating: 7, count: 16 * 1024))) })
        let connection = Self.service(map).connect { _ in }
        var keys: [String] = []
        var after = ""
        var pages = 0
        while true {
            guard case .cmap(.entries(let page, let more)) = connection.answer(.iterate(prefix: "test.", after: after), requestID: 1) else {
                Issue.record("not an entries reply")
                return
            }
            pages += 1
            let frame = IPCReply.cmap(.entries(page, more: more)).frame(requestKind: .cmapIterate, requestID: 1)
            #expect(frame.encoded().count < Int(IPCProtocol.maximumLength))
            keys += page.map(\.key)
            guard more, let last = page.last else { break }
            after = last.key
        }
        #expect(pages > 1)
        #expect(keys == (0..<40).map { "test.k\($0 < 10 ? "0" : "")\($0)" })
    }

    @Test func statsMapIsReadOnlyAndGeneratedOnDemand() {
        let connection = Self.service().connect { _ in }
        #expect(connection.answer(.setMap(.stats), requestID: 1) == .done)
        #expect(connection.answer(.get(key: "stats.srp.orf_token_rx"), requestID: 2) == .cmap(.value(.uint64(151))))
        #expect(connection.answer(.iterate(prefix: "stats.srp.m", after: ""), requestID: 3)
            == .cmap(.entries([CMapEntry(key: "stats.srp.mcast_tx", value: .uint64(3))], more: false)))
        #expect(status(connection.answer(.set(key: "stats.srp.mcast_tx", value: .uint64(0)), requestID: 4)) == .notSupported)
        #expect(status(connection.answer(.trackAdd(key: "stats.", events: 15), requestID: 5)) == .notSupported)
        #expect(connection.answer(.set(key: "stats.clear.knet", value: .uint8(1)), requestID: 6) == .done)
        #expect(connection.answer(.get(key: "stats.srp.orf_token_rx"), requestID: 7) == .cmap(.value(.uint64(151))))
        #expect(connection.answer(.set(key: "stats.clear.totem", value: .uint8(1)), requestID: 8) == .done)
        #expect(connection.answer(.get(key: "stats.srp.orf_token_rx"), requestID: 9) == .cmap(.value(.uint64(0))))
    }

    @Test func trackersPushNotificationsUntilRemovedOrClosed() throws {
        let map = CMap()
        let pushed = Mutex<[IPCFrame]>([])
        let service = Self.service(map)
        let tracking = service.connect { frame in pushed.withLock { $0.append(frame) } }
        let writer = service.connect { _ in }
        guard case .cmap(.trackHandle(let handle)) = tracking.answer(.trackAdd(key: "test.", events: 15), requestID: 70) else {
            Issue.record("no handle")
            return
        }
        _ = writer.answer(.set(key: "test.a", value: .uint32(1)), requestID: 1)
        _ = writer.answer(.set(key: "test.a", value: .uint32(1)), requestID: 2)
        _ = writer.answer(.delete(key: "test.a"), requestID: 3)
        let frames = pushed.withLock { $0 }
        #expect(frames.map(\.requestID) == [70, 70])
        #expect(try frames.map(CMapTrackNotification.decode) == [
            CMapTrackNotification(handle: handle, key: "test.a", event: 4, oldValue: nil, newValue: .uint32(1)),
            CMapTrackNotification(handle: handle, key: "test.a", event: 1, oldValue: .uint32(1), newValue: nil),
        ])
        #expect(status(writer.answer(.trackDelete(handle: handle), requestID: 4)) == IPCStatus(rawValue: 9))
        #expect(tracking.answer(.trackDelete(handle: handle), requestID: 5) == .done)
        _ = tracking.answer(.trackAdd(key: "test.", events: 15), requestID: 71)
        tracking.close()
        _ = writer.answer(.set(key: "test.b", value: .uint8(1)), requestID: 6)
        #expect(pushed.withLock { $0.count } == 2)
    }

    @Test func accessFollowsCorosyncsUidGidRules() throws {
        let map = CMap()
        let service = Self.service(map)
        #expect(service.allows(uid: 0, gid: 100))
        #expect(service.allows(uid: 1000, gid: 0))
        #expect(!service.allows(uid: 1000, gid: 100))
        map.update([("uidgid.config.uid.1000", .uint8(1))])
        #expect(service.allows(uid: 1000, gid: 100))
        map.update([("uidgid.gid.200", .uint8(1)), ("uidgid.uid.1001", .uint8(0))])
        #expect(service.allows(uid: 1002, gid: 200))
        #expect(!service.allows(uid: 1001, gid: 100))
    }

    private func status(_ reply: IPCReply) -> IPCStatus? {
        if case .failure(let status, _) = reply { return status }
        return nil
    }
}
