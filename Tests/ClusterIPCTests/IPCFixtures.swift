import ClusterIPC

/// Sample values shared by the codec, server and formatter tests.
enum IPCFixtures {
    /// Node 1 of a three-node ring where node 3 is gone.
    static let ringStatus = RingStatusInfo(
        localNodeID: 1, transport: "udpu", state: .operational, running: true, ringRep: 1, ringSeq: 0x1d, linkMTU: 1410,
        members: [1, 2],
        nodes: [
            NodeStatusEntry(nodeID: 1, name: "node1", address: "10.77.0.1", connected: true),
            NodeStatusEntry(nodeID: 2, name: "node2", address: "10.77.0.2", connected: true),
            NodeStatusEntry(nodeID: 3, name: "", address: "10.77.0.3", connected: false),
        ],
        statistics: [
            IPCStatistic(key: "stats.srp.orf_token_rx", value: .uint64(12_345)),
            IPCStatistic(key: "stats.srp.rx_msg_dropped", value: .uint64(0)),
        ])

    /// One value of every type, edge values included.
    static let values: [IPCValue] = [
        .int8(-128), .uint8(255), .int16(-300), .uint16(65_535), .int32(-70_000), .uint32(4_000_000_000),
        .int64(-5_000_000_000), .uint64(.max), .float(1.5), .double(-2.25), .string("hello wörld"), .string(""),
        .binary([0, 0xff, 0x80]), .binary([]),
    ]

    /// A frame's bytes with the length field set to `length` and `body` after the 8-byte header.
    static func rawFrame(length: UInt32, version: UInt16 = 1, kind: UInt16, requestID: UInt32, body: [UInt8] = []) -> [UInt8] {
        var writer = IPCWriter()
        writer.u32(length)
        writer.u16(version)
        writer.u16(kind)
        writer.u32(requestID)
        return writer.bytes + body
    }
}
