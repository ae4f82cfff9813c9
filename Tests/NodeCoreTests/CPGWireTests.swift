import NodeCore
import Testing
import Totem

/// cpg exec messages against bytes captured from a stock corosync 3.1.7 node (node 2, a libcpg
/// client with pid 18972 in group "interop", then pid 21090 in group "stay"), on the wire of a
/// mixed ring with a Swift node (tcpdump, Docs/CPG.md).
@Suite struct CPGWireTests {
    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    static let stockProcJoin = hex("0000020000000000a8000000000000000700000000000000696e7465726f70000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001c4a0000000000000100000000000000")
    static let stockProcLeave = hex("0100020000000000a8000000000000000700000000000000696e7465726f70000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001c4a0000000000000200000000000000")
    /// An MCAST of 8 bytes (u32 node 2, u32 seq 0); the sender's IPC connection pointer sits at 176.
    static let stockMcast = hex("0300020000000000c0000000000000000700000000000000696e7465726f700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008000000000000001c4a0000000000000200000000000000b01736cbd95500000200000000000000")
    static let stockJoinList = hex("0200020000000000a8000000000000000000000000000000625200000000000004000000000000007374617900000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")

    let interop = try! CPGGroupName("interop")

    @Test func procJoinAndLeaveDecodeAndEncodeByteForByte() throws {
        #expect(Self.stockProcJoin.count == 168)
        let join = try CPGExecMessage.decode(Self.stockProcJoin)
        #expect(join == .procJoin(group: interop, pid: 18972, reason: .join))
        #expect(join?.encode() == Self.stockProcJoin)
        let leave = try CPGExecMessage.decode(Self.stockProcLeave)
        #expect(leave == .procLeave(group: interop, pid: 18972, reason: .leave))
        #expect(leave?.encode() == Self.stockProcLeave)
    }

    @Test func mcastDecodesAndEncodesButForTheSendersPointer() throws {
        #expect(Self.stockMcast.count == 192)
        let message = try CPGExecMessage.decode(Self.stockMcast)
        #expect(message == .mcast(group: interop, pid: 18972, sourceNode: 2, payload: [2, 0, 0, 0, 0, 0, 0, 0]))
        var expected = Self.stockMcast
        for offset in 176..<184 { expected[offset] = 0 }  // opaque pointer: we send zeros
        #expect(message?.encode() == expected)
    }

    @Test func joinListDecodesAndEncodesByteForByte() throws {
        #expect(Self.stockJoinList.count == 168)
        let list = try CPGExecMessage.decode(Self.stockJoinList)
        #expect(list == .joinList([.init(pid: 21090, group: try CPGGroupName("stay"))]))
        #expect(list?.encode() == Self.stockJoinList)
        let two = CPGExecMessage.joinList([.init(pid: 1, group: interop), .init(pid: 2, group: interop)]).encode()
        #expect(two.count == 24 + 2 * 144)
        #expect(try CPGExecMessage.decode(two) == .joinList([.init(pid: 1, group: interop), .init(pid: 2, group: interop)]))
    }

    @Test func downlistHasTheLayoutOfTheSyncMessage() throws {
        let downlist = CPGExecMessage.downlist(oldMembers: 3, left: [2]).encode()
        #expect(downlist == ServiceMessages.cpgDownlist(oldMembers: 3, left: [2]))
        #expect(try CPGExecMessage.decode(downlist) == .downlist(oldMembers: 3, left: [2]))
    }

    @Test func partialMcastRoundTrips() throws {
        let part = CPGExecMessage.partialMcast(group: interop, pid: 7, messageLength: 10, type: .first, sourceNode: 1, fragment: [1, 2, 3])
        let bytes = part.encode()
        #expect(bytes.count == 203)
        #expect(Array(bytes[160..<164]) == [3, 0, 0, 0] && Array(bytes[176..<180]) == [1, 0, 0, 0])
        #expect(try CPGExecMessage.decode(bytes) == part)
    }

    @Test func malformedInputThrowsAndNeverTraps() throws {
        #expect(throws: WireError.self) { try CPGExecMessage.decode(Array(Self.stockProcJoin.prefix(100))) }
        var badName = Self.stockProcJoin
        badName[16] = 200  // name length over 128
        #expect(throws: WireError.self) { try CPGExecMessage.decode(badName) }
        var longPayload = Self.stockMcast
        longPayload[152] = 9  // msglen past the message's size
        #expect(throws: WireError.self) { try CPGExecMessage.decode(longPayload) }
        var oversized = Self.stockProcJoin
        oversized[8] = 0xFF  // header size beyond the bytes received
        #expect(throws: WireError.self) { try CPGExecMessage.decode(oversized) }
        // DOWNLIST_OLD and unknown functions are dropped, as stock nodes do.
        #expect(try CPGExecMessage.decode(ServiceHeader(service: 2, function: 4, size: 16).encode()) == nil)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            var bytes = (0..<Int.random(in: 16...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[2] = 2
            bytes[3] = 0
            bytes[0] = UInt8.random(in: 0...7, using: &generator)
            _ = try? CPGExecMessage.decode(bytes)
        }
    }
}

