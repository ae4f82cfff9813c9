import CMap
import Testing

@Suite struct CMapStoreTests {
    @Test func everyTypeRoundTripsWithItsName() throws {
        var map = CMapStore()
        let values: [(String, CMapValue, String)] = [
            ("test.i8", .int8(-7), "i8"), ("test.u8", .uint8(7), "u8"), ("test.i16", .int16(-300), "i16"),
            ("test.u16", .uint16(65535), "u16"), ("test.i32", .int32(-70000), "i32"),
            ("test.u32", .uint32(4_000_000_000), "u32"), ("test.i64", .int64(-5_000_000_000), "i64"),
            ("test.u64", .uint64(.max), "u64"), ("test.flt", .float(1.5), "flt"), ("test.dbl", .double(2.25), "dbl"),
            ("test.str", .string("hello world"), "str"), ("test.bin", .binary([0x61, 0x62, 0x5C, 0x63, 1, 0xFF]), "bin"),
        ]
        for (key, value, name) in values {
            try map.set(key, value)
            #expect(try map.get(key) == value)
            #expect(value.type.name == name)
            #expect(CMapValueKind(name: name) == value.type)
        }
        #expect(map.count == 12)
        #expect(CMapValueKind(name: "x8") == nil)
        #expect(CMapValueKind.allCases.map(\.rawValue) == Array(1...12))
    }

    @Test func keyNamesFollowCorosyncsRules() throws {
        var map = CMapStore()
        #expect(throws: CMapError.invalidName(key: "ab")) { try map.set("ab", .uint8(1)) }
        #expect(throws: CMapError.invalidName(key: "bad key")) { try map.set("bad key", .uint8(1)) }
        #expect(throws: CMapError.invalidName(key: "a=b")) { try map.set("a=b", .uint8(1)) }
        #expect(throws: CMapError.invalidName(key: "ключ")) { try map.set("ключ", .uint8(1)) }
        try map.set("abc", .uint8(1))
        try map.set("bad/key", .uint8(1))
        try map.set("a-b_c:d.e", .uint8(1))
        let longest = String(repeating: "k", count: 255)
        try map.set(longest, .uint8(1))
        let tooLong = String(repeating: "k", count: 256)
        #expect(throws: CMapError.invalidName(key: tooLong)) { try map.set(tooLong, .uint8(1)) }
        #expect(map.count == 4)
        #expect(CMapError.invalidName(key: "ab").code == 13)
    }

    @Test func valuesAreLimitedTo16KiBAndStringsStopAtNUL() throws {
        var map = CMapStore()
        try map.set("test.big", .binary([UInt8](repeating: 1, count: CMapValue.maximumSize)))
        #expect(throws: CMapError.valueTooLarge(key: "test.big", size: 16385)) {
            try map.set("test.big", .binary([UInt8](repeating: 1, count: CMapValue.maximumSize + 1)))
        }
        #expect(try map.get("test.big").size == 16384)
        try map.set("test.str", .string("abc\u{0}def"))
        #expect(try map.get("test.str") == .string("abc"))
    }

    @Test func aSetMayChangeTheTypeAsCorosyncDoes() throws {
        var map = CMapStore()
        let handle = map.track("test.u8", events: .all)
        try map.set("test.u8", .uint8(7))
        let changes = try map.set("test.u8", .uint32(9))
        #expect(try map.get("test.u8") == .uint32(9))
        #expect(changes == [CMapNotification(handle: handle, key: "test.u8", change: .modify, oldValue: .uint8(7), newValue: .uint32(9))])
    }

    @Test func clientsCannotWriteReadOnlyKeysButTheDaemonCan() throws {
        var map = CMapStore()
        try map.set("totem.cluster_name", .string("spbtest"))
        #expect(throws: CMapError.readOnly(key: "totem.cluster_name")) {
            try map.set("totem.cluster_name", .string("foo"), access: .client)
        }
        #expect(throws: CMapError.readOnly(key: "totem.cluster_name")) { try map.delete("totem.cluster_name", access: .client) }
        #expect(throws: CMapError.readOnly(key: "runtime.config.totem.token")) {
            try map.set("runtime.config.totem.token", .uint32(1), access: .client)
        }
        #expect(throws: CMapError.readOnly(key: "quorum.wait_for_all")) { try map.set("quorum.wait_for_all", .uint8(0), access: .client) }
        try map.set("runtime.votequorum.two_node", .uint8(0), access: .client)
        try map.set("runtime.config.totem.token", .uint32(3000))
        #expect(CMapKey.isReadOnly("nodelist.node.0.nodeid"))
        #expect(!CMapKey.isReadOnly("totem.token"))
    }

    @Test func deleteOfAMissingKeyIsNotExist() throws {
        var map = CMapStore()
        try map.set("abc", .uint8(1))
        try map.delete("abc")
        #expect(throws: CMapError.notExist(key: "abc")) { try map.delete("abc") }
        #expect(throws: CMapError.notExist(key: "abc")) { try map.get("abc") }
        #expect(map["abc"] == nil)
    }

    @Test func iterationIsInByteOrderAndPrefixesArePlainStringPrefixes() throws {
        var map = CMapStore()
        for key in ["runtime.config.totem.token_warning", "runtime.config.totem.token", "b.z", "B.a", "runtime.config.totem.token_retransmit",
                    "a.b_c", "a.b.c", "a.bc", "runtime.config.totem.join"] {
            try map.set(key, .uint32(1))
        }
        #expect(map.keys() == ["B.a", "a.b.c", "a.b_c", "a.bc", "b.z", "runtime.config.totem.join",
                               "runtime.config.totem.token", "runtime.config.totem.token_retransmit",
                               "runtime.config.totem.token_warning"])
        #expect(map.keys(prefix: "runtime.config.totem.token") == [
            "runtime.config.totem.token", "runtime.config.totem.token_retransmit", "runtime.config.totem.token_warning"])
        #expect(map.keys(prefix: "a.b") == ["a.b.c", "a.b_c", "a.bc"])
        #expect(map.keys(prefix: "nothing.") == [])
        #expect(map.keys(prefix: "a.b", after: "a.b.c") == ["a.b_c", "a.bc"])
        #expect(map.keys(prefix: "a.b", after: "a.b_d") == ["a.bc"])
        try map.delete("a.b_c")
        #expect(map.entries(prefix: "a.").map(\.key) == ["a.b.c", "a.bc"])
    }
}
