import Testing
import Totem
import VoteQuorum

@Suite struct WireTests {
    /// Docs/ServicesWire.md §7.1: NODEINFO node 2, 1 vote, expected 2, WFASTATUS|FIRST.
    static let capturedNodeInfo = hex("00000500 00000000 20000000 00000000 02000000 01000000 02000000 0c000000")
    /// Docs/ServicesWire.md §7.1: RECONFIGURE from `corosync-quorumtool -e 3` on node 1 (garbage tail).
    static let capturedReconfigure = hex("01000500 00000000 20000000 02000000 01000000 03000000 01000000 fe7f0000")
    /// Docs/TotemWire.md §10.7: a 92-byte MCAST carrying the NODEINFO in group "a".
    static let capturedMcast = hex(
        """
        70 c0 03 01 02 02 00 00 00 00 00 00 00 02 00 00
        00 01 00 00 00 00 00 00 00 02 00 00 00 05 00 00
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
        00 00 00 01 00 25 00 01 00 01 00 61 00 00 05 00
        00 00 00 00 20 00 00 00 00 00 00 00 02 00 00 00
        01 00 00 00 02 00 00 00 0c 00 00 00
        """)

    @Test func capturedNodeInfoDecodesAndReencodesByteExact() throws {
        let message = try VoteQuorumMessage.decode(Self.capturedNodeInfo)
        let expected = NodeInfo(nodeID: 2, votes: 1, expectedVotes: 2, flags: [.waitForAllStatus, .first])
        #expect(message == .nodeInfo(expected))
        #expect(message.encode() == Self.capturedNodeInfo)
    }

    @Test func nodeInfoInsideCapturedMcastMatches() throws {
        #expect(Self.capturedMcast.count == 92)
        let body = Array(Self.capturedMcast[60...])
        #expect(body == Self.capturedNodeInfo)
        let message = try VoteQuorumMessage.decode(body)
        #expect(
            message == .nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 2, flags: NodeInfoFlags(rawValue: 0x0C))))
    }

    @Test func capturedReconfigureIgnoresGarbagePaddingAndSendsZeros() throws {
        let message = try VoteQuorumMessage.decode(Self.capturedReconfigure)
        #expect(message == .reconfigure(Reconfigure(nodeID: 1, value: 3, parameter: .expectedVotes)))
        var zeroed = Self.capturedReconfigure
        zeroed.replaceSubrange(28..<32, with: [0, 0, 0, 0])
        zeroed.replaceSubrange(12..<16, with: [0, 0, 0, 0])  // header padding held garbage (02 00 00 00)
        #expect(message.encode() == zeroed)
        #expect(message.encode().count == 32)
    }

    @Test func headerPaddingIsIgnored() throws {
        var bytes = Self.capturedNodeInfo
        bytes.replaceSubrange(4..<8, with: [0xfe, 0x7f, 0, 0])
        bytes.replaceSubrange(12..<16, with: [0x93, 0x55, 0, 0])
        #expect(try VoteQuorumMessage.decode(bytes) == VoteQuorumMessage.decode(Self.capturedNodeInfo))
    }

    @Test func bigEndianSendersDecodeWithSwappedFlag() throws {
        let bytes = hex("00050000 00000000 00000020 00000000 00000002 00000001 00000002 0000000c")
        let message = try VoteQuorumMessage.decode(bytes, swapped: true)
        #expect(
            message == .nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 2, flags: [.waitForAllStatus, .first])))
        let reconfigure = hex("00050001 00000000 00000020 00000000 00000009 00000002 02000000 00000000")
        #expect(
            try VoteQuorumMessage.decode(reconfigure, swapped: true)
                == .reconfigure(Reconfigure(nodeID: 9, value: 2, parameter: .nodeVotes)))
    }

    @Test func headerIdsAndSizes() throws {
        let messages: [(VoteQuorumMessage, UInt32, Int)] = [
            (.nodeInfo(NodeInfo(nodeID: 1, votes: 1, expectedVotes: 3, flags: [])), 0x0005_0000, 32),
            (.reconfigure(Reconfigure(nodeID: 1, value: 0, parameter: .cancelWaitForAll)), 0x0005_0001, 32),
            (.qdeviceRegistration(QDeviceRegistration(operation: .register, name: "Qdevice")), 0x0005_0002, 280),
            (.qdeviceRename(QDeviceRename(oldName: "a", newName: "b")), 0x0005_0003, 528),
        ]
        for (message, id, size) in messages {
            let bytes = message.encode()
            #expect(bytes.count == size)
            #expect(Array(bytes[0..<4]) == [UInt8(id & 0xff), UInt8(id >> 8 & 0xff), UInt8(id >> 16 & 0xff), 0])
            #expect(Array(bytes[8..<12]) == [UInt8(size & 0xff), UInt8(size >> 8), 0, 0])
            #expect(Array(bytes[4..<8]) == [0, 0, 0, 0] && Array(bytes[12..<16]) == [0, 0, 0, 0])
            #expect(try VoteQuorumMessage.decode(bytes) == message)
        }
    }

    @Test func qdeviceLayouts() throws {
        let registration = VoteQuorumMessage.qdeviceRegistration(
            QDeviceRegistration(operation: .unregister, name: "Qdevice"))
        let bytes = registration.encode()
        #expect(Array(bytes[16..<20]) == [0, 0, 0, 0])
        #expect(Array(bytes[20..<27]) == Array("Qdevice".utf8))
        #expect(bytes[27...].allSatisfy { $0 == 0 })
        let rename = VoteQuorumMessage.qdeviceRename(QDeviceRename(oldName: "old", newName: "new")).encode()
        #expect(Array(rename[16..<19]) == Array("old".utf8))
        #expect(Array(rename[271..<274]) == Array("new".utf8))
        let long = String(repeating: "x", count: 400)
        let truncated = VoteQuorumMessage.qdeviceRegistration(QDeviceRegistration(operation: .register, name: long))
        #expect(
            try VoteQuorumMessage.decode(truncated.encode())
                == .qdeviceRegistration(
                    QDeviceRegistration(operation: .register, name: String(repeating: "x", count: 254))))
    }

    @Test func truncatedAndForeignInputThrowTypedErrors() {
        #expect(throws: WireError.self) { try VoteQuorumMessage.decode(Array(Self.capturedNodeInfo[0..<31])) }
        #expect(throws: WireError.self) { try VoteQuorumMessage.decode([]) }
        var foreign = Self.capturedNodeInfo
        foreign[2] = 3  // service 3
        #expect(throws: WireError.invalidField(field: "service", value: 3)) { try VoteQuorumMessage.decode(foreign) }
        var unknown = Self.capturedNodeInfo
        unknown[0] = 7
        #expect(throws: WireError.invalidField(field: "function", value: 7)) { try VoteQuorumMessage.decode(unknown) }
    }

    @Test func unknownReconfigureParameterDecodesAndIsIgnored() throws {
        var bytes = Self.capturedReconfigure
        bytes[24] = 9
        let message = try VoteQuorumMessage.decode(bytes)
        #expect(message == .reconfigure(Reconfigure(nodeID: 1, value: 3, parameter: ReconfigureParameter(rawValue: 9))))
        var core = VoteQuorumCore(
            configuration: try VoteQuorumOptions(nodelist: nodelist([1, 2, 3])).resolve(localNodeID: 1))
        _ = core.start()
        let before = core.state
        #expect(core.receive(message, from: 1).isEmpty)
        #expect(core.state == before)
    }

    @Test func randomBytesNeverTrap() throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var core = VoteQuorumCore(
            configuration: try VoteQuorumOptions(nodelist: nodelist([1, 2, 3])).resolve(localNodeID: 1))
        _ = core.start()
        var decoded = 0
        for _ in 0..<5_000 {
            let count = Int(next() % 600)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
            if count >= 4, next() % 2 == 0 {
                bytes[2] = 5
                bytes[3] = 0
                bytes[1] = 0
                bytes[0] = UInt8(next() % 5)
            }
            let effects = core.receive(bytes: bytes, swapped: next() % 2 == 0, from: NodeID(UInt32(next() % 5)))
            if !effects.contains(where: { if case .dropped(.malformed) = $0 { true } else { false } }) { decoded += 1 }
        }
        #expect(decoded > 100)
    }
}
