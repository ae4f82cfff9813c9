import Testing
import Totem

/// The totempg layer of the captures in Docs/TotemWire.md §10.7 and §10.8: packet header,
/// group header and libqb service header, byte-exact both ways and in big-endian variants.
@Suite struct TotemPGGoldenTests {
    typealias S = WireTestSupport

    /// Decodes the MCAST payload of `datagram` as a single-piece packet and checks it all the way
    /// down to the service header; returns the group names, the service header and its message.
    func decodeSinglePiece(
        _ datagram: [UInt8], pieceSize: Int
    ) throws -> (groups: [[UInt8]], header: ServiceHeader, service: [UInt8]) {
        let payload = Array(datagram[Mcast.headerSize...])
        let packet = try TotemPGPacket.decode(payload)
        #expect(packet == TotemPGPacket(fragmented: 0, continuation: 0, pieces: [Array(payload[10...])]))
        #expect(packet.pieces.map(\.count) == [pieceSize])
        #expect(packet.encode() == payload)
        #expect(packet.encodedSize == payload.count)
        let swappedPayload = S.byteSwapped(payload, S.totempgLayout(pieces: 1))
        #expect(swappedPayload != payload)
        #expect(try TotemPGPacket.decode(swappedPayload, swapped: true) == packet)

        let piece = packet.pieces[0]
        let (group, service) = try GroupHeader.decode(piece)
        #expect(group.encode() + service == piece)
        #expect(group.encodedSize + service.count == piece.count)
        let swappedPiece = S.byteSwapped(piece, S.groupLayout(groups: group.groups.count))
        let (swappedGroup, swappedService) = try GroupHeader.decode(swappedPiece, swapped: true)
        #expect(swappedGroup == group)
        #expect(swappedService == service)

        let header = try ServiceHeader.decode(service)
        #expect(header.encode() == Array(service.prefix(ServiceHeader.size)))
        let swappedService16 = S.byteSwapped(service, S.serviceLayout)
        #expect(try ServiceHeader.decode(swappedService16, swapped: true) == header)
        #expect(Int(header.size) == service.count)
        return (group.groups, header, service)
    }

    @Test func serviceBuildInGroupSync() throws {
        let (groups, header, service) = try decodeSinglePiece(WireCaptures.serviceBuild, pieceSize: 560)
        #expect(groups == [GroupHeader.sync])
        #expect(header == ServiceHeader(id: 1, size: 552))
        #expect(header.service == 0)
        #expect(header.function == 1)
        var reader = WireReader(service, offset: ServiceHeader.size)
        #expect(try reader.u32() == 1)
        #expect(try reader.u64() == 9)
        try reader.skip(4)
        #expect(try reader.i32() == 4)
        try reader.skip(4)
        #expect(try (0..<4).map { _ in try reader.i32() } == [0, 2, 3, 5])
        #expect(reader.rest().allSatisfy { $0 == 0 })
    }

    @Test func barrierInGroupSync() throws {
        let (groups, header, service) = try decodeSinglePiece(WireCaptures.barrier, pieceSize: 40)
        #expect(groups == [[0x73, 0x79, 0x6E, 0x63]])
        #expect(header == ServiceHeader(service: 0, function: 0, size: 32))
        var reader = WireReader(service, offset: ServiceHeader.size)
        #expect(try reader.u32() == 2)
        #expect(try reader.u64() == 5)
        #expect(reader.remaining == 4)
    }

    @Test func voteQuorumNodeInfoInGroupA() throws {
        let (groups, header, service) = try decodeSinglePiece(WireCaptures.nodeInfo, pieceSize: 37)
        #expect(groups == [GroupHeader.services])
        #expect(header.id == 0x0005_0000)
        #expect(header.service == 5)
        #expect(header.function == 0)
        #expect(header == ServiceHeader(service: 5, function: 0, size: 32))
        var reader = WireReader(service, offset: ServiceHeader.size)
        #expect(try (0..<4).map { _ in try reader.u32() } == [2, 1, 2, 0x0C])
    }

    @Test func servicePaddingIsIgnoredOnDecodeAndZeroOnEncode() throws {
        var garbage = ServiceHeader(service: 5, function: 0, size: 32).encode()
        garbage.replaceSubrange(4..<8, with: [0xFE, 0x7F, 0x00, 0x00])
        garbage.replaceSubrange(12..<16, with: [0x93, 0x55, 0x00, 0x00])
        let header = try ServiceHeader.decode(garbage)
        #expect(header == ServiceHeader(id: 0x0005_0000, size: 32))
        #expect(header.encode() == [0, 0, 5, 0, 0, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0])
    }

    /// §10.8: a 3184-byte cpg message in group "a" leaves as three packets whose headers are
    /// exactly the captured ones.
    @Test func fragmentedCpgMessageHeaders() throws {
        let captured: [[UInt8]] = [
            S.hex("00 00 00 00 01 00 01 00 78 05"),
            S.hex("00 00 00 00 02 01 01 00 78 05"),
            S.hex("00 00 00 00 00 02 01 00 85 01"),
        ]
        var cpg = ServiceHeader(service: 2, function: 3, size: 3184).encode()
        cpg += (0..<(3184 - cpg.count)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var packer = FramePacker()
        try packer.append(cpg, groups: [GroupHeader.services], guarantee: .agreed)
        let packets = packer.takePackets()
        #expect(packets.map { Array($0.bytes.prefix(10)) } == captured)
        #expect(packets.map { Mcast.headerSize + $0.bytes.count } == [1455, 1455, 444])
        #expect(Array(packets[0].bytes[10..<19]) == S.hex("01 00 01 00 61 03 00 02 00"))
        let decoded = try packets.map { try TotemPGPacket.decode($0.bytes) }
        #expect(decoded.map(\.fragmented) == [1, 2, 0])
        #expect(decoded.map(\.continuation) == [0, 1, 2])
        #expect(decoded.map { $0.pieces.map(\.count) } == [[1400], [1400], [389]])
        #expect(decoded.flatMap { $0.pieces.joined() } == GroupHeader(groups: [[0x61]]).encode() + cpg)

        var assembler = FrameAssembler()
        var delivered: [AssembledMessage] = []
        for packet in packets {
            let result = assembler.receive(packet.bytes, from: 7, swapped: false)
            #expect(result.drops.isEmpty)
            delivered += result.messages
        }
        #expect(delivered == [AssembledMessage(sender: 7, groups: [[0x61]], payload: cpg)])
    }
}
