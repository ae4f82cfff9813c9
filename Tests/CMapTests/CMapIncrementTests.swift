import CMap
import Synchronization
import Testing

/// `icmap_fast_inc` for the daemon's counters: integers only, wrapping, a MODIFY for trackers,
/// and no increment lost when many threads count at once.
@Suite struct CMapIncrementTests {
    @Test func incrementAddsOneAndNotifiesAModify() throws {
        var map = CMapStore()
        try map.set("runtime.services.cfg.3.rx", .uint64(41))
        let handle = map.track("runtime.services.", events: [.modify, .prefix])
        let notifications = try map.increment("runtime.services.cfg.3.rx")
        #expect(try map.get("runtime.services.cfg.3.rx") == .uint64(42))
        #expect(notifications == [CMapNotification(
            handle: handle, key: "runtime.services.cfg.3.rx", change: .modify, oldValue: .uint64(41), newValue: .uint64(42))])
    }

    @Test func integersWrapAndOtherTypesAreRefused() throws {
        var map = CMapStore()
        try map.set("test.u8", .uint8(255))
        try map.set("test.i8", .int8(127))
        try map.set("test.u64", .uint64(.max))
        try map.set("test.str", .string("7"))
        try map.set("test.dbl", .double(1))
        try map.increment("test.u8")
        try map.increment("test.i8")
        try map.increment("test.u64")
        #expect(map["test.u8"] == .uint8(0))
        #expect(map["test.i8"] == .int8(-128))
        #expect(map["test.u64"] == .uint64(0))
        #expect(throws: CMapError.notInteger(key: "test.str")) { try map.increment("test.str") }
        #expect(throws: CMapError.notInteger(key: "test.dbl")) { try map.increment("test.dbl") }
        #expect(throws: CMapError.notExist(key: "test.none")) { try map.increment("test.none") }
        #expect(CMapError.notInteger(key: "k").code == 7)
        #expect(map["test.str"] == .string("7"))
    }

    @Test func concurrentIncrementsAreNotLost() async throws {
        let map = CMap()
        try map.set("runtime.services.cpg.3.tx", .uint64(0))
        let seen = Mutex(0)
        _ = map.track("runtime.services.cpg.3.tx", events: [.modify]) { _ in seen.withLock { $0 += 1 } }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<500 { try? map.increment("runtime.services.cpg.3.tx") } }
            }
        }
        #expect(map["runtime.services.cpg.3.tx"] == .uint64(4000))
        #expect(seen.withLock { $0 } == 4000)
    }
}
