import ClusterClient
import ClusterIPC
import Testing

@Suite struct CmapctlFormatTests {
    /// The lines of tools-and-config.md §3.3 (`corosync-cmapctl test.` and `-b test.`).
    @Test func linesAreCorosyncCmapctls() {
        let bin = IPCValue.binary([0x61, 0x62, 0x5C, 0x63, 0x01, 0xFF])
        #expect(CMapctlFormatter.line("test.bin", bin, showBinary: false) == "test.bin (bin)")
        #expect(CMapctlFormatter.line("test.bin", bin, showBinary: true) == #"test.bin (bin) = ab\\c\x01\xFFFFFFFF"#)
        #expect(CMapctlFormatter.line("test.dbl", .double(2.25), showBinary: false) == "test.dbl (dbl) = 2.250000")
        #expect(CMapctlFormatter.line("test.flt", .float(1.5), showBinary: false) == "test.flt (flt) = 1.500000")
        #expect(CMapctlFormatter.line("test.u64", .uint64(.max), showBinary: false) == "test.u64 (u64) = 18446744073709551615")
        #expect(CMapctlFormatter.line("test.i64", .int64(-5_000_000_000), showBinary: false) == "test.i64 (i64) = -5000000000")
        #expect(CMapctlFormatter.line("test.str", .string("hello world"), showBinary: false) == "test.str (str) = hello world")
        #expect(CMapctlFormatter.line("runtime.votequorum.two_node", .uint8(1), showBinary: false, quiet: true) == "1")
        #expect(CMapctlFormatter.line("x.y.z", .double(-0.5), showBinary: false) == "x.y.z (dbl) = -0.500000")
    }

    @Test func trackLinesShowTheNewValueOrTheOldOneForADelete() {
        #expect(CMapctlFormatter.trackLine(CMapTrackNotification(handle: 1, key: "test.a", event: 4, oldValue: nil, newValue: .uint32(1)), showBinary: false)
            == "create> test.a (u32) = 1")
        #expect(CMapctlFormatter.trackLine(CMapTrackNotification(handle: 1, key: "test.a", event: 2, oldValue: .uint32(1), newValue: .string("x")), showBinary: false)
            == "modify> test.a (str) = x")
        #expect(CMapctlFormatter.trackLine(CMapTrackNotification(handle: 1, key: "test.a", event: 1, oldValue: .string("x"), newValue: nil), showBinary: false)
            == "delete> test.a (str) = x")
        #expect(CMapctlFormatter.json(CMapTrackNotification(handle: 1, key: "test.a", event: 1, oldValue: .uint8(3), newValue: nil))
            == #"{"event":"delete","key":"test.a","oldType":"u8","old":3,"new":null}"# + "\n")
        #expect(CMapctlFormatter.json([CMapEntry(key: "a.b", value: .string("x\"y"))]) == #"[{"key":"a.b","type":"str","value":"x\"y"}]"# + "\n")
    }

    @Test func valuesAreCheckedWithCorosyncsMessages() throws {
        #expect(try CMapctlValueParser.parse(type: "u8", text: "7") == .uint8(7))
        #expect(try CMapctlValueParser.parse(type: "i8", text: "-7") == .int8(-7))
        #expect(try CMapctlValueParser.parse(type: "i64", text: "-5000000000") == .int64(-5_000_000_000))
        #expect(try CMapctlValueParser.parse(type: "u64", text: "18446744073709551615") == .uint64(.max))
        #expect(try CMapctlValueParser.parse(type: "u32", text: "12abc") == .uint32(12))
        #expect(try CMapctlValueParser.parse(type: "flt", text: "1.5") == .float(1.5))
        #expect(try CMapctlValueParser.parse(type: "dbl", text: "2.25") == .double(2.25))
        #expect(try CMapctlValueParser.parse(type: "str", text: "hello world") == .string("hello world"))
        #expect(try CMapctlValueParser.parse(type: "bin", text: "f", binary: [1, 2]) == .binary([1, 2]))
        let failures: [(String, String, String)] = [
            ("u8", "300", "300 is not valid u8 integer"), ("u8", "abc", "abc is not valid u8 type value"),
            ("i8", "200", "200 is not valid i8 integer"), ("x8", "1", "Unknown type x8"),
            ("u32", "4294967296", "4294967296 is not valid u32 integer"), ("dbl", "x", "x is not valid dbl type value"),
        ]
        for (type, text, message) in failures {
            #expect { try CMapctlValueParser.parse(type: type, text: text) } throws: { error in
                (error as? CMapctlValueParser.Failure)?.message == message
            }
        }
    }
}
