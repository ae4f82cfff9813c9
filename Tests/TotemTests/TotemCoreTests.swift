import Testing
@testable import Totem
import TotemRuntime

func expectTotemRing(_ harness: inout RingHarness<TotemCore>, _ nodes: [NodeID], sourceLocation: SourceLocation = #_sourceLocation) {
    let formed = harness.runUntilRing(of: nodes)
    #expect(formed, "no ring of \(nodes) by \(harness.now)", sourceLocation: sourceLocation)
}

@Suite struct TotemCoreTests {
    @Test func smallMessagesArePackedAndDeliveredInOneOrder() throws {
        let nodes: [NodeID] = [1, 2, 3]
        var harness = RingHarness<TotemCore>(nodes: nodes)
        harness.bootAll()
        expectTotemRing(&harness, nodes)
        for index in 0..<200 {
            try harness.submit([UInt8(index % 256), UInt8(index / 256)], from: nodes[index % 3])
        }
        harness.run(for: .seconds(2))
        let orders = nodes.map { harness.deliveries[$0, default: []].map(\.payload) }
        #expect(orders[0].count == 200)
        #expect(orders[1] == orders[0] && orders[2] == orders[0])
        let mcasts = nodes.map { harness.cores[$0]!.srp.stats.mcastTx }.reduce(0, +)
        #expect(mcasts < 30, "200 small messages took \(mcasts) MCASTs")
    }

    @Test func oneMebibyteMessageArrivesWhole() throws {
        let nodes: [NodeID] = [1, 2]
        var harness = RingHarness<TotemCore>(nodes: nodes)
        harness.bootAll()
        expectTotemRing(&harness, nodes)
        let big = (0..<(1_048_576 - 8)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try harness.submit(big, from: 2, guarantee: .safe)
        harness.run(for: .seconds(5))
        #expect(harness.deliveries[1]?.map(\.payload) == [big])
        #expect(harness.deliveries[2]?.map(\.payload) == [big])
    }

    @Test func oversizedMessageIsRefused() {
        var core = TotemCore(nodeID: 1, nodes: [1], parameters: TotemParameters(nodeCount: 1), persistedRingSeq: 0)
        #expect(throws: SubmitError.self) {
            _ = try core.submit([UInt8](repeating: 0, count: 1_048_576), group: [0x61], guarantee: .agreed, now: .zero)
        }
    }

    /// A large message is still being sent when a member crashes: the sender re-packs it after
    /// the configuration change, and every survivor delivers it exactly once.
    @Test func messageStraddlingAConfigurationChangeIsDeliveredOnce() throws {
        let nodes: [NodeID] = [1, 2, 3]
        var harness = RingHarness<TotemCore>(nodes: nodes)
        harness.bootAll()
        expectTotemRing(&harness, nodes)
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        try harness.submit(big, from: 1)
        try harness.submit([1, 2, 3], from: 1)
        harness.run(for: .milliseconds(3))
        #expect(harness.cores[1]!.unsentMessages > 0, "the message was already completely sent")
        harness.crash(3)
        expectTotemRing(&harness, [1, 2])
        harness.run(for: .seconds(3))
        for node: NodeID in [1, 2] {
            #expect(harness.deliveries[node]?.map(\.payload.count) == [big.count, 3])
            #expect(harness.deliveries[node]?.first?.payload == big)
        }
    }
}
