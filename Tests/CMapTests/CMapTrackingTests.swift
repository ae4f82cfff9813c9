import CMap
import Synchronization
import Testing

@Suite struct CMapTrackingTests {
    /// The sequence captured from `corosync-cmapctl -T test.` (Docs/ServicesWire.md §9.3).
    @Test func prefixTrackerSeesCorosyncsSequence() throws {
        var map = CMapStore()
        let handle = map.track("test.", events: [.all, .prefix])
        var seen: [CMapNotification] = []
        seen += try map.set("test.a", .uint32(1))
        seen += try map.set("test.a", .uint32(2))
        seen += try map.set("test.a", .uint32(2))
        seen += try map.set("test.a", .string("x"))
        seen += try map.set("test.b", .uint8(3))
        seen += try map.delete("test.a")
        seen += try map.delete("test.b")
        seen += try map.set("other.c", .uint8(3))
        #expect(
            seen == [
                CMapNotification(handle: handle, key: "test.a", change: .add, oldValue: nil, newValue: .uint32(1)),
                CMapNotification(
                    handle: handle, key: "test.a", change: .modify, oldValue: .uint32(1), newValue: .uint32(2)),
                CMapNotification(
                    handle: handle, key: "test.a", change: .modify, oldValue: .uint32(2), newValue: .string("x")),
                CMapNotification(handle: handle, key: "test.b", change: .add, oldValue: nil, newValue: .uint8(3)),
                CMapNotification(handle: handle, key: "test.a", change: .delete, oldValue: .string("x"), newValue: nil),
                CMapNotification(handle: handle, key: "test.b", change: .delete, oldValue: .uint8(3), newValue: nil),
            ])
    }

    @Test func singleKeyTrackerIgnoresLongerKeysAndUnwantedEvents() throws {
        var map = CMapStore()
        let exact = map.track("test.a", events: .all)
        let addsOnly = map.track("test.", events: [.add, .prefix])
        #expect(try map.set("test.ab", .uint8(1)).map(\.handle) == [addsOnly])
        #expect(try map.set("test.a", .uint8(1)).map(\.handle) == [exact, addsOnly])
        #expect(try map.set("test.a", .uint8(2)).map(\.handle) == [exact])
        #expect(try map.delete("test.a").map(\.handle) == [exact])
    }

    @Test func floatsCompareByBitsSoIdenticalSetsAreSilent() throws {
        var map = CMapStore()
        _ = map.track("test.f", events: .all)
        try map.set("test.f", .double(.nan))
        #expect(try map.set("test.f", .double(.nan)).isEmpty)
        #expect(try map.set("test.f", .double(0)).count == 1)
        #expect(try map.set("test.f", .double(-0.0)).count == 1)
    }

    @Test func untrackStopsNotificationsAndUnknownHandlesAreRefused() throws {
        var map = CMapStore()
        let handle = map.track("test.", events: [.all, .prefix])
        try map.untrack(handle)
        #expect(try map.set("test.a", .uint8(1)).isEmpty)
        #expect(throws: CMapError.badHandle(handle.rawValue)) { try map.untrack(handle) }
        #expect(map.trackerCount == 0)
    }

    @Test func sharedMapCallsHandlersInChangeOrder() throws {
        let map = CMap()
        let seen = Mutex<[String]>([])
        let handle = map.track("runtime.members.", events: [.all, .prefix]) { change in
            seen.withLock { $0.append("\(change.change) \(change.key)") }
        }
        try map.set("runtime.members.1.status", .string("joined"))
        map.update([
            ("runtime.members.1.status", .string("left")), ("runtime.members.2.ip", .string("x")),
            ("runtime.members.3.ip", nil), ("bad key", .uint8(1)),
        ])
        try map.delete("runtime.members.2.ip")
        try map.untrack(handle)
        try map.set("runtime.members.9.status", .string("joined"))
        #expect(
            seen.withLock { $0 } == [
                "add runtime.members.1.status", "modify runtime.members.1.status", "add runtime.members.2.ip",
                "delete runtime.members.2.ip",
            ])
        #expect(
            map.entries(prefix: "runtime.members.").map(\.key) == [
                "runtime.members.1.status", "runtime.members.9.status",
            ])
    }
}
