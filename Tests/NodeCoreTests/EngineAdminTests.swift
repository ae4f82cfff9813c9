import NodeCore
import Testing
import Totem

/// `cfgtool -k` / `-H` on the wire: the KILLNODE and SHUTDOWN messages we build have corosync's
/// layout (exec/cfg.c `req_exec_cfg_killnode`, `req_exec_cfg_shutdown`) and come back through
/// the engine's receive side.
struct EngineAdminTests {
    static func delivered(_ payload: [UInt8], from sender: NodeID) -> DeliveredMessage {
        DeliveredMessage(
            sender: sender, groups: [GroupHeader.services], payload: payload, guarantee: .safe,
            ringID: RingID(rep: 1, seq: 4), seq: 1)
    }

    static func engine(_ id: NodeID) -> EngineCore {
        EngineCore(myID: id, quorumConfiguration: nil, configVersion: nil)
    }

    @Test func killNodeHasCorosyncsLayout() {
        let reason = "Killed by corosync-cfgtool"
        let bytes = ServiceMessages.killNode(3, reason: reason)
        // header: id = cfg(1) << 16 | KILLNODE(1) @0, size 288 @8, each 8-aligned.
        var expected: [UInt8] = [1, 0, 1, 0, 0, 0, 0, 0, 0x20, 1, 0, 0, 0, 0, 0, 0]
        expected += [3, 0, 0, 0, 0, 0, 0, 0]  // mar_uint32_t nodeid, aligned(8)
        expected += [27, 0, 0, 0, 0, 0, 0, 0]  // mar_name_t.length = strlen + 1, aligned(8)
        expected += Array(reason.utf8) + [UInt8](repeating: 0, count: 256 - reason.utf8.count)  // value[256]
        #expect(bytes.count == 288)
        #expect(bytes == expected)
    }

    @Test func killNodeDecodesBackOnlyOnTheTarget() {
        let bytes = ServiceMessages.killNode(3, reason: "Killed by corosync-cfgtool")
        var target = Self.engine(3)
        #expect(target.delivered(Self.delivered(bytes, from: 1), now: Instant(nanoseconds: 0))
            == [.killed(by: 1, reason: "Killed by corosync-cfgtool")])
        var bystander = Self.engine(2)
        #expect(bystander.delivered(Self.delivered(bytes, from: 1), now: Instant(nanoseconds: 0)).isEmpty)
    }

    @Test func aReasonAtTheLimitRoundTripsAndLongerIsCut() {
        let longest = String(repeating: "x", count: ServiceMessages.killNodeReasonLimit)
        var target = Self.engine(5)
        let effects = target.delivered(Self.delivered(ServiceMessages.killNode(5, reason: longest), from: 4), now: Instant(nanoseconds: 0))
        #expect(effects == [.killed(by: 4, reason: longest)])
        let cut = ServiceMessages.killNode(5, reason: longest + "yz")
        #expect(cut.count == 288 && cut[287] == 0)
    }

    @Test func shutdownIsTheHeaderAloneAndOnlyTheSenderLeaves() {
        let bytes = ServiceMessages.shutdown()
        #expect(bytes == [2, 0, 1, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0])
        var sender = Self.engine(2)
        #expect(sender.delivered(Self.delivered(bytes, from: 2), now: Instant(nanoseconds: 0)) == [
            .log(subsystem: "CFG", message: "Node 2 was shut down by sysadmin"),
            .shutdownRequested,
        ])
        var peer = Self.engine(1)
        #expect(peer.delivered(Self.delivered(bytes, from: 2), now: Instant(nanoseconds: 0)) == [
            .log(subsystem: "CFG", message: "Node 2 was shut down by sysadmin"),
        ])
    }
}
