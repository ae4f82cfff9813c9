import Totem

/// Valid encodings of every message type (and of totempg packets) for the fuzz test to mutate,
/// each with the offsets of its count fields so that mutations can overwrite them.
struct WireFuzzTemplate {
    var bytes: [UInt8]
    /// (offset, width) of count and length fields.
    var countFields: [(offset: Int, width: Int)]

    static let all: [WireFuzzTemplate] = {
        typealias S = WireTestSupport
        let ring = RingID(rep: 1, seq: 0x2C)
        var templates: [WireFuzzTemplate] = []
        func add(_ bytes: [UInt8], _ fields: [(Int, Int)], swapLayout: [S.Field]? = nil) {
            let header = [(2, 1), (3, 1), (4, 1)]
            templates.append(WireFuzzTemplate(bytes: bytes, countFields: header + fields.map { ($0.0, $0.1) }))
            if let swapLayout {
                templates.append(WireFuzzTemplate(bytes: S.byteSwapped(bytes, swapLayout), countFields: fields.map { ($0.0, $0.1) }))
            }
        }
        for count in [0, 1, 30] {
            let items = (0..<count).map { RetransmitItem(ringID: ring, seq: UInt32(100 + $0)) }
            let token = OrfToken(sender: 3, seq: 130, tokenSeq: 77, aru: 99, aruAddr: 3, ringID: ring, backlog: 2, fcc: 5, rtrList: items)
            add(token.encode(), [(53, 4)], swapLayout: S.orfLayout(rtrCount: count))
        }
        let packets: [TotemPGPacket] = [
            TotemPGPacket(pieces: [GroupHeader(groups: [GroupHeader.services]).encode() + ServiceHeader(service: 5, function: 0, size: 32).encode() + [2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 12, 0, 0, 0]]),
            TotemPGPacket(fragmented: 4, continuation: 0, pieces: [[1, 0, 1, 0, 0x61, 9, 9], [1, 0, 4, 0, 0x73, 0x79, 0x6E, 0x63, 0, 0]]),
            TotemPGPacket(fragmented: 0, continuation: 4, pieces: [[7, 7, 7], [2, 0, 1, 0, 1, 0, 0x61, 0x62, 5]]),
            TotemPGPacket(fragmented: 6, continuation: 5, pieces: [Array(repeating: 0xAB, count: 40)]),
            TotemPGPacket(pieces: []),
        ]
        for packet in packets {
            let bytes = packet.encode()
            let lengthFields = (0..<min(packet.pieces.count, 2)).map { (8 + 2 * $0, 2) }
            templates.append(WireFuzzTemplate(bytes: bytes, countFields: [(6, 2), (4, 1), (5, 1)] + lengthFields))
            templates.append(WireFuzzTemplate(bytes: S.byteSwapped(bytes, S.totempgLayout(pieces: packet.pieces.count)), countFields: [(6, 2)]))
            let mcast = Mcast(sender: 2, seq: 9, thisSeqno: 4, ringID: ring, payload: bytes)
            add(mcast.encode(), [(51, 2)] + lengthFields.map { ($0.0 + 45, 2) }, swapLayout: S.mcastLayout)
        }
        let inner = Mcast(sender: 1, seq: 0x25B, thisSeqno: 0x530, ringID: ring, payload: packets[0].encode())
        let outer = Mcast(sender: 1, seq: 1, thisSeqno: 0x532, ringID: RingID(rep: 1, seq: 0x30), encapsulation: .recovery, payload: inner.encode())
        add(outer.encode(), [(49, 1), (96, 2)], swapLayout: S.mcastLayout)
        for capture in [WireCaptures.serviceBuild, WireCaptures.barrier, WireCaptures.nodeInfo] {
            add(capture, [(51, 2), (53, 2), (55, 2), (57, 2)])
        }
        add(MergeDetect(sender: 1, ringID: ring).encode(), [], swapLayout: S.mergeDetectLayout)
        add(TokenHoldCancel(sender: 2, ringID: ring).encode(), [], swapLayout: S.holdCancelLayout)
        let join = Join(sender: 3, ringSeq: 0x2C, procList: [1, 2, 3], failedList: [2])
        add(join.encode(), [(17, 4), (21, 4)], swapLayout: S.joinLayout(entries: 4))
        let leave = Join(sender: 2, ringSeq: 9, procList: [1], failedList: [2], leave: true)
        add(leave.encode(), [(17, 4), (21, 4)], swapLayout: S.joinLayout(entries: 2))
        var commit = CommitToken(sender: 2, tokenSeq: 2, ringID: RingID(rep: 1, seq: 9), addr: [1, 2, 3])
        commit.membIndex = 2
        commit.members[0] = CommitMemberEntry(ringID: RingID(rep: 1, seq: 5), aru: 8, highDelivered: 8, receivedFlag: 1)
        commit.members[1] = CommitMemberEntry(ringID: RingID(rep: 2, seq: 5), aru: 7, highDelivered: 6, receivedFlag: 0)
        add(commit.encode(), [(33, 4), (37, 4)], swapLayout: S.commitLayout(members: 3))
        return templates
    }()
}
