import CorosyncIPCCodec
import Testing

/// The quorum, votequorum and cfg codecs against byte layouts from corosync 3.1.7's
/// `ipc_quorum.h`, `ipc_votequorum.h` and `ipc_cfg.h` (offsets and sizes checked with C's
/// `offsetof`/`sizeof` against those headers), written out here independently of the codec.
@Suite struct QuorumLibCodecTests {
    static func u32(_ value: UInt32) -> [UInt8] { LibBytes.le(UInt64(value), 4) }
    static func pad(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }
    /// A response header padded as `qb_ipc_response_header`.
    static func header(_ id: Int32, size: Int, error: Int32 = 1) -> [UInt8] {
        LibBytes.i32(id) + LibBytes.i32(Int32(size)) + LibBytes.i32(error)
    }

    @Test func quorumRequestsDecode() {
        #expect(QuorumLibRequest.decode(LibBytes.request(0, [])) == .getQuorate)
        #expect(QuorumLibRequest.decode(LibBytes.request(1, LibBytes.i32(3))) == .trackStart(flags: 3))
        #expect(QuorumLibRequest.decode(LibBytes.request(2, [])) == .trackStop)
        #expect(QuorumLibRequest.decode(LibBytes.request(3, [])) == .getType)
        #expect(QuorumLibRequest.decode(LibBytes.request(4, LibBytes.i32(1))) == .modelGetType(model: 1))
        #expect(QuorumLibRequest.decode(LibBytes.request(1, [])) == nil)
        #expect(QuorumLibRequest.decode(LibBytes.request(5, [])) == nil)
        #expect(QuorumLibRequest.decode(LibBytes.request(-1, [])) == nil)
    }

    @Test func quorumResponsesHaveCorosyncsLayout() {
        #expect(QuorumLibResponse.getQuorate(true) == Self.header(0, size: 32) + Self.u32(1) + Self.pad(4))
        #expect(QuorumLibResponse.type(1) == Self.header(4, size: 32) + Self.u32(1) + Self.pad(4))
        #expect(
            QuorumLibResponse.type(1, model: true, error: .notSupported)
                == Self.header(5, size: 32, error: 19) + Self.u32(1) + Self.pad(4))
        #expect(QuorumLibResponse.status(1, .exist) == Self.header(1, size: 24, error: 14))
        // quorate @24, ring_seq @32, entries @40, ids from @44; size sizeof (48) + 4n.
        let event = QuorumLibResponse.notification(quorate: true, ringSeq: 0x1_0000_0005, members: [1, 2])
        #expect(
            event == Self.header(3, size: 56) + Self.u32(1) + Self.pad(4) + LibBytes.u64(0x1_0000_0005)
                + Self.u32(2) + Self.u32(1) + Self.u32(2) + Self.pad(4))
        #expect(QuorumLibResponse.notification(quorate: false, ringSeq: 4, members: [1]).count == 52)
    }

    @Test func voteQuorumRequestsDecode() {
        #expect(VoteQuorumLibRequest.decode(LibBytes.request(0, LibBytes.i32(2))) == .getInfo(nodeID: 2))
        #expect(VoteQuorumLibRequest.decode(LibBytes.request(1, LibBytes.i32(3))) == .setExpected(3))
        #expect(
            VoteQuorumLibRequest.decode(LibBytes.request(2, Self.u32(2) + Self.u32(7))) == .setVotes(2, nodeID: 7))
        #expect(
            VoteQuorumLibRequest.decode(LibBytes.request(3, LibBytes.u64(0xAB) + LibBytes.i32(4)))
                == .trackStart(context: 0xAB, flags: 4))
        #expect(VoteQuorumLibRequest.decode(LibBytes.request(4, [])) == .trackStop)
        #expect(VoteQuorumLibRequest.decode(LibBytes.request(6, Self.pad(256))) == .qdevice(id: 6))
        #expect(VoteQuorumLibRequest.decode(LibBytes.request(7, Self.pad(511))) == nil)
        #expect(VoteQuorumLibRequest.decode(LibBytes.request(3, LibBytes.u64(1))) == nil)
        #expect(VoteQuorumLibRequest.decode(LibBytes.request(10, Self.pad(600))) == nil)
    }

    @Test func voteQuorumResponsesHaveCorosyncsLayout() {
        let info = VoteQuorumLibInfo(
            nodeID: 2, state: 1, votes: 1, expectedVotes: 3, highestExpected: 3, totalVotes: 2, quorum: 2,
            flags: 2, deviceVotes: 0, deviceName: "")
        let fields = [2, 1, 1, 3, 3, 2, 2, 2, 0].flatMap { Self.u32(UInt32($0)) }
        #expect(VoteQuorumLibResponse.getInfo(info) == Self.header(1, size: 320) + fields + Self.pad(260))
        #expect(VoteQuorumLibResponse.getInfo(nil) == Self.header(1, size: 320, error: 12) + Self.pad(296))
        #expect(VoteQuorumLibResponse.status(.ok) == Self.header(0, size: 24))
        // quorate @24, context @32, entries @40, {nodeid, state} from @48.
        #expect(
            VoteQuorumLibResponse.quorumNotification(quorate: true, context: 9, nodes: [(1, 1), (2, 2)])
                == Self.header(3, size: 64) + Self.u32(1) + Self.pad(4) + LibBytes.u64(9) + Self.u32(2)
                + Self.pad(4) + Self.u32(1) + Self.u32(1) + Self.u32(2) + Self.u32(2))
        // context @24, ring id {nodeid @32, seq @40}, entries @48, ids from @56.
        #expect(
            VoteQuorumLibResponse.nodelistNotification(context: 9, ringRep: 1, ringSeq: 5, members: [1, 2])
                == Self.header(5, size: 64) + LibBytes.u64(9) + Self.u32(1) + Self.pad(4) + LibBytes.u64(5)
                + Self.u32(2) + Self.pad(4) + Self.u32(1) + Self.u32(2))
    }

    @Test func cfgHasCorosyncsLayout() {
        #expect(CfgLibRequest.decode(LibBytes.request(6, [])) == .localGet)
        #expect(CfgLibRequest.decode(LibBytes.request(5, LibBytes.i32(3))) == .getNodeAddrs(nodeID: 3))
        #expect(CfgLibRequest.decode(LibBytes.request(5, [])) == nil)
        #expect(CfgLibRequest.decode(LibBytes.request(8, [])) == .other(id: 8))
        #expect(CfgLibRequest.decode(LibBytes.request(9, Self.pad(8))) == nil)
        #expect(CfgLibRequest.decode(LibBytes.request(12, [])) == nil)
        #expect(CfgLibResponse.localGet(7) == Self.header(12, size: 32) + Self.u32(7) + Self.pad(4))
        // family @24, num_addrs @28, TOTEMIP_ADDRLEN (16) bytes per address from @32.
        #expect(
            CfgLibResponse.nodeAddrs(family: 2, addresses: [[10, 0, 0, 1]])
                == Self.header(11, size: 48) + Self.u32(2) + Self.u32(1) + [10, 0, 0, 1] + Self.pad(12))
        #expect(
            CfgLibResponse.nodeAddrs(family: 2, addresses: []) == Self.header(11, size: 32, error: 12) + Self.pad(8))
        #expect(CfgLibResponse.status(request: 9, .notSupported) == Self.header(16, size: 24, error: 19))
        #expect(
            CfgLibRequest.decode(LibBytes.request(9, LibBytes.i32(2) + LibBytes.i32(1)))
                == .nodeStatusGet(nodeID: 2, version: 1))
        // version @24, nodeid @28, reachable @32, link 0 {enabled @40, connected @41, mtu @44,
        // src_ipaddr @48}; 8 links of 520 bytes: 4200 in all.
        let status = CfgNodeStatus(nodeID: 2, reachable: true, linkEnabled: true, mtu: 1410, sourceAddress: "10.0.0.2")
        let link = [1, 1, 0, 0] + Self.u32(1410) + Array("10.0.0.2".utf8) + Self.pad(512 - 8)
        #expect(
            CfgLibResponse.nodeStatus(status, version: 1)
                == Self.header(16, size: 4200) + Self.u32(1) + Self.u32(2) + [1] + Self.pad(7) + link
                + Self.pad(520 * 7))
        #expect(CfgLibResponse.nodeStatus(status, version: 2) == Self.header(16, size: 32, error: 19) + Self.pad(8))
    }
}
