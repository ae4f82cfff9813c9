import CMap
import CorosyncIPCCodec
import Testing

/// The codec against byte layouts computed from corosync 3.1.7's `ipc_cmap.h` (offsets checked
/// with `offsetof` in C against the header), not against itself.
@Suite struct CMapLibCodecTests {
    @Test func requestsDecodeAtTheirOffsets() throws {
        #expect(
            try CMapLibRequest.decode(LibBytes.set("test.a", type: 6, value: [5, 0, 0, 0]))
                == .set(key: "test.a", type: 6, value: [5, 0, 0, 0]))
        #expect(try CMapLibRequest.decode(LibBytes.delete("test.a")) == .delete(key: "test.a"))
        #expect(
            try CMapLibRequest.decode(LibBytes.get("totem.x", buffer: 16)) == .get(key: "totem.x", bufferLength: 16))
        #expect(try CMapLibRequest.decode(LibBytes.adjust("test.a", step: -7)) == .adjustInt(key: "test.a", step: -7))
        #expect(try CMapLibRequest.decode(LibBytes.iterInit("")) == .iterInit(prefix: nil))
        #expect(try CMapLibRequest.decode(LibBytes.iterInit("nodelist")) == .iterInit(prefix: "nodelist"))
        #expect(try CMapLibRequest.decode(LibBytes.iterNext(1 << 40)) == .iterNext(handle: 1 << 40))
        #expect(try CMapLibRequest.decode(LibBytes.iterFinalize(3)) == .iterFinalize(handle: 3))
        #expect(
            try CMapLibRequest.decode(LibBytes.trackAdd("test.", type: 15, instance: 0xC623_7B32_0000_0000))
                == .trackAdd(key: "test.", trackType: 15, instance: 0xC623_7B32_0000_0000))
        #expect(try CMapLibRequest.decode(LibBytes.trackDelete(9)) == .trackDelete(handle: 9))
        #expect(try CMapLibRequest.decode(LibBytes.setMap(1)) == .setCurrentMap(1))
        #expect(LibBytes.set("k", type: 2, value: [1]).count == 297)
        #expect(LibBytes.get("k", buffer: 0).count == 288)
        #expect(LibBytes.trackAdd("k", type: 4, instance: 1).count == 296)
    }

    @Test func malformedRequestsAreErrorsNotCrashes() {
        #expect(throws: CMapLibDecodeError.truncated(id: nil, size: 8)) {
            try CMapLibRequest.decode([UInt8](repeating: 0, count: 8))
        }
        #expect(throws: CMapLibDecodeError.unknownRequest(42)) { try CMapLibRequest.decode(LibBytes.request(42, [])) }
        #expect(throws: CMapLibDecodeError.unknownRequest(-5)) { try CMapLibRequest.decode(LibBytes.request(-5, [])) }
        let shortGet = Array(LibBytes.get("test.a", buffer: 4).prefix(100))
        #expect(throws: CMapLibDecodeError.truncated(id: 2, size: 100)) { try CMapLibRequest.decode(shortGet) }
        var noNul = LibBytes.delete("x")
        for index in 24..<280 { noNul[index] = 0x61 }
        #expect(throws: CMapLibDecodeError.unterminatedName(id: 1)) { try CMapLibRequest.decode(noNul) }
        // value_len says 2^40 bytes follow; 4 do.
        var lying = LibBytes.set("test.a", type: 6, value: [5, 0, 0, 0])
        lying.replaceSubrange(280..<288, with: LibBytes.u64(1 << 40))
        #expect(throws: CMapLibDecodeError.truncated(id: 0, size: 300)) { try CMapLibRequest.decode(lying) }
        // The refusal is corosync's bare header: id 0, size 24, CS_ERR_INVALID_PARAM (7).
        #expect(LibMessage.refusal() == LibBytes.i32(0) + LibBytes.i32(24) + LibBytes.i32(7))
    }

    @Test func headerOnlyAndHandleResponses() {
        #expect(CMapLibResponse.status(1, .notExist) == LibBytes.i32(1) + LibBytes.i32(24) + LibBytes.i32(12))
        #expect(CMapLibResponse.status(10, .ok) == LibBytes.i32(10) + LibBytes.i32(24) + LibBytes.i32(1))
        #expect(
            CMapLibResponse.iterInit(.ok, handle: 0x1_0000_0002)
                == LibBytes.i32(4) + LibBytes.i32(32) + LibBytes.i32(1) + LibBytes.u64(0x1_0000_0002))
        #expect(
            CMapLibResponse.trackAdd(.invalidParam, handle: 0)
                == LibBytes.i32(7) + LibBytes.i32(32) + LibBytes.i32(7) + LibBytes.u64(0))
        #expect(
            CMapLibResponse.trackDelete(.ok, instance: 77)
                == LibBytes.i32(8) + LibBytes.i32(32) + LibBytes.i32(1) + LibBytes.u64(77))
    }

    @Test func getIsSizedByTheClientsBufferWithTheRealLength() {
        let header = LibBytes.i32(2) + LibBytes.i32(56) + LibBytes.i32(1)
        let value =
            LibBytes.u64(4) + [6] + [UInt8](repeating: 0, count: 7) + [5, 0, 0, 0] + [UInt8](repeating: 0, count: 12)
        #expect(CMapLibResponse.get(.success(.uint32(5)), bufferLength: 16) == header + value)
        // Buffer 0: type and length only; a string's length counts its NUL.
        #expect(
            CMapLibResponse.get(.success(.string("qbcap")), bufferLength: 0)
                == LibBytes.i32(2) + LibBytes.i32(40) + LibBytes.i32(1) + LibBytes.u64(6) + [11]
                + [UInt8](repeating: 0, count: 7))
        #expect(
            CMapLibResponse.get(.failure(CSErrorBox(.notExist)), bufferLength: 0)
                == LibBytes.i32(2) + LibBytes.i32(40) + LibBytes.i32(12) + [UInt8](repeating: 0, count: 16))
    }

    @Test func iterNextCarriesKeyLengthAndType() {
        let bytes = CMapLibResponse.iterNext(.success((key: "test.i", value: .int8(-3))))
        #expect(bytes.count == 304)
        #expect(Array(bytes[0..<24]) == LibBytes.i32(5) + LibBytes.i32(304) + LibBytes.i32(1))
        #expect(Array(bytes[24..<288]) == LibBytes.name("test.i"))
        #expect(Array(bytes[288..<304]) == LibBytes.u64(1) + [1] + [UInt8](repeating: 0, count: 7))
        let end = CMapLibResponse.iterNext(.failure(CSErrorBox(.noSections)))
        #expect(end == LibBytes.i32(5) + LibBytes.i32(304) + LibBytes.i32(27) + [UInt8](repeating: 0, count: 280))
    }

    @Test func notificationCarriesNewThenOldValue() {
        let event = CMapLibNotification(
            instance: 0xC623_7B32_0000_0000, key: "test.x", event: 2, newValue: .string("bye"),
            oldValue: .string("hello"))
        let bytes = event.encoded
        #expect(bytes.count == 336 + 4 + 6)
        #expect(Array(bytes[0..<24]) == LibBytes.i32(9) + LibBytes.i32(346) + LibBytes.i32(1))
        #expect(Array(bytes[24..<32]) == LibBytes.u64(0xC623_7B32_0000_0000))
        #expect(Array(bytes[32..<296]) == LibBytes.name("test.x"))
        #expect(
            Array(bytes[296..<336]) == LibBytes.i32(2) + [11] + [UInt8](repeating: 0, count: 7) + [11]
                + [UInt8](repeating: 0, count: 7) + LibBytes.u64(4) + LibBytes.u64(6))
        #expect(Array(bytes[336...]) == Array("bye\0hello\0".utf8))
        let added = CMapLibNotification(instance: 1, key: "k.a", event: 4, newValue: .uint8(1), oldValue: nil).encoded
        #expect(Array(added[304..<336]) == [2] + [UInt8](repeating: 0, count: 15) + LibBytes.u64(1) + LibBytes.u64(0))
    }

    @Test func valuesFollowIcmapLengthRules() {
        #expect(CMapValue(libType: 6, bytes: [5, 0, 0, 0]) == .uint32(5))
        #expect(CMapValue(libType: 6, bytes: [1, 2, 3]) == nil)
        #expect(CMapValue(libType: 1, bytes: [0xFD]) == .int8(-3))
        #expect(CMapValue(libType: 10, bytes: LibBytes.u64(2.5.bitPattern)) == .double(2.5))
        #expect(CMapValue(libType: 11, bytes: Array("abc".utf8)) == .string("abc"))
        #expect(CMapValue(libType: 11, bytes: Array("abc\0".utf8)) == .string("abc"))
        #expect(CMapValue(libType: 11, bytes: [0x61, 0, 0x62]) == nil)
        #expect(CMapValue(libType: 12, bytes: [0, 1]) == .binary([0, 1]))
        #expect(CMapValue(libType: 13, bytes: []) == nil)
        #expect(CMapValue(libType: 12, bytes: [UInt8](repeating: 0, count: 16 * 1024 + 1)) == nil)
        for value: CMapValue in [.int16(-2), .uint64(.max), .float(-1.5), .int64(.min), .string("x"), .binary([])] {
            let bytes = value.libBytes
            #expect(bytes.count == value.libLength)
            #expect(CMapValue(libType: value.type.rawValue, bytes: bytes) == value)
        }
    }
}
