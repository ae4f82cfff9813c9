import Testing
import Totem

/// The MCAST captures of Docs/TotemWire.md §10.7 and §10.9 at the SRP level: header fields,
/// byte-exact re-encoding, and big-endian variants (the payload is never converted by SRP).
@Suite struct WireGoldenMcastTests {
    typealias S = WireTestSupport

    func decodeMcast(_ bytes: [UInt8]) throws -> Mcast? {
        let message = try TotemMessage.decode(bytes)
        #expect(message.encode() == bytes)
        let bigEndian = S.byteSwapped(bytes, S.mcastLayout)
        #expect(try TotemMessage.decode(bigEndian) == message)
        guard case .mcast(let mcast) = message else {
            Issue.record("not an MCAST: \(message)")
            return nil
        }
        #expect(Array(bytes[Mcast.headerSize...]) == mcast.payload)
        return mcast
    }

    @Test func serviceBuildMcast() throws {
        let bytes = WireCaptures.serviceBuild
        #expect(bytes.count == 615)
        guard let mcast = try decodeMcast(bytes) else { return }
        #expect(mcast.header == TotemHeader(type: .mcast, encapsulated: 2, nodeID: 2, targetNodeID: 0))
        #expect(mcast.encapsulation == .normal)
        #expect(mcast.systemFrom == 2)
        #expect(mcast.seq == 1)
        #expect(mcast.thisSeqno == 8)
        #expect(mcast.ringID == RingID(rep: 1, seq: 9))
        #expect(mcast.nodeIDField == 0)
        #expect(mcast.guarantee == 0)
        #expect(mcast.payload.count == 570)
        let built = Mcast(sender: 2, seq: 1, thisSeqno: 8, ringID: RingID(rep: 1, seq: 9), payload: mcast.payload)
        #expect(built.encode() == bytes)
    }

    @Test func barrierMcast() throws {
        let bytes = WireCaptures.barrier
        #expect(bytes.count == 95)
        guard let mcast = try decodeMcast(bytes) else { return }
        #expect(mcast.header.nodeID == 2)
        #expect(mcast.encapsulation == .normal)
        #expect(mcast.systemFrom == 2)
        #expect(mcast.seq == 6)
        #expect(mcast.thisSeqno == 5)
        #expect(mcast.ringID == RingID(rep: 2, seq: 5))
        #expect(mcast.guarantee == 0)
        #expect(mcast.payload.count == 50)
    }

    @Test func nodeInfoMcast() throws {
        let bytes = WireCaptures.nodeInfo
        #expect(bytes.count == 92)
        guard let mcast = try decodeMcast(bytes) else { return }
        #expect(mcast.header.nodeID == 2)
        #expect(mcast.systemFrom == 2)
        #expect(mcast.seq == 1)
        #expect(mcast.thisSeqno == 0)
        #expect(mcast.ringID == RingID(rep: 2, seq: 5))
        #expect(mcast.payload.count == 47)
    }

    /// §10.9 shows only the first 109 bytes; the rest of the cpg message is rebuilt as zeros
    /// so that the totempg length (1189) and the datagram length (1289) match the capture.
    @Test func encapsulatedRecoveryMcast() throws {
        let prefix = WireCaptures.encapsulatedPrefix
        let bytes = prefix + Array(repeating: 0, count: 1289 - prefix.count)
        guard let outer = try decodeMcast(bytes) else { return }
        #expect(outer.header == TotemHeader(type: .mcast, encapsulated: 1, nodeID: 1))
        #expect(outer.encapsulation == .recovery)
        #expect(outer.systemFrom == 1)
        #expect(outer.seq == 1)
        #expect(outer.thisSeqno == 0x532)
        #expect(outer.ringID == RingID(rep: 1, seq: 0x30))
        #expect(outer.nodeIDField == 0)
        #expect(outer.guarantee == 0)

        guard case .mcast(let inner) = try TotemMessage.decode(outer.payload) else {
            Issue.record("inner is not an MCAST")
            return
        }
        #expect(inner.header == TotemHeader(type: .mcast, encapsulated: 2, nodeID: 1))
        #expect(inner.encapsulation == .normal)
        #expect(inner.systemFrom == 1)
        #expect(inner.seq == 0x25B)
        #expect(inner.thisSeqno == 0x530)
        #expect(inner.ringID == RingID(rep: 1, seq: 0x2C))
        #expect(inner.nodeIDField == 0)
        #expect(inner.guarantee == 0)

        // A big-endian re-originator writes both headers big-endian; the inner one is
        // converted when it is unwrapped, so it must decode to the same value as well.
        let innerSwapped = S.byteSwapped(outer.payload, S.mcastLayout)
        #expect(try TotemMessage.decode(innerSwapped) == .mcast(inner))

        let packet = try TotemPGPacket.decode(inner.payload)
        #expect(packet.fragmented == 0)
        #expect(packet.continuation == 0)
        #expect(packet.pieces.map(\.count) == [1189])
        let (groups, service) = try GroupHeader.decode(packet.pieces[0])
        #expect(groups.groups == [GroupHeader.services])
        let header = try ServiceHeader.decode(service)
        #expect(header.id == 0x0002_0003)
        #expect(header.service == 2)
        #expect(header.function == 3)

        // Rebuilt from the annotated fields alone.
        let cpg = GroupHeader(groups: [[0x61]]).encode() + [0x03, 0x00, 0x02, 0x00]
        let innerBuilt = Mcast(
            sender: 1, seq: 0x25B, thisSeqno: 0x530, ringID: RingID(rep: 1, seq: 0x2C),
            payload: TotemPGPacket(pieces: [cpg + Array(repeating: 0, count: 1189 - cpg.count)]).encode())
        let outerBuilt = Mcast(
            sender: 1, seq: 1, thisSeqno: 0x532, ringID: RingID(rep: 1, seq: 0x30),
            encapsulation: .recovery, payload: innerBuilt.encode())
        let encoded = outerBuilt.encode()
        #expect(encoded.count == 1289)
        #expect(Array(encoded.prefix(prefix.count)) == prefix)
        #expect(encoded == bytes)
    }
}
