import Synchronization
import Testing
@testable import Totem

@Suite struct SRPRecoveryTests {
    /// Node 3 misses messages that only node 1 and node 2 received; node 1 then dies. In RECOVERY
    /// node 2 re-originates them (encapsulated) so that node 3 delivers exactly what node 2
    /// delivers in the old ring and its transitional configuration (virtual synchrony).
    @Test func survivorsReoriginateOldRingMessagesTheOthersMissed() throws {
        let nodes: [NodeID] = [1, 2, 3]
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        let starve = Mutex(true)
        harness.filter = { from, to, bytes in
            // While starving, node 3 receives no MCAST originated by node 1.
            !(starve.withLock { $0 } && to == 3 && from == 1 && bytes.count > 3 && bytes[3] == 1)
        }
        for index in 0..<5 { try harness.submit([UInt8(index)], from: 1) }
        harness.run(for: .milliseconds(5))
        harness.crash(1)
        starve.withLock { $0 = false }
        expectRing(&harness, [2, 3])
        harness.run(for: .seconds(1))
        let two = harness.deliveries[2, default: []].map(\.payload)
        let three = harness.deliveries[3, default: []].map(\.payload)
        #expect(two == (0..<5).map { [UInt8($0)] })
        #expect(three == two)
        #expect(harness.cores[2]!.stats.mcastTx >= 5)
        let transitional = harness.configurations[3]!.first { $0.kind == .transitional && $0.left == [1] }
        #expect(transitional?.members == [2, 3])
    }

    /// A safe message that the departed node never received cannot be confirmed in the old ring;
    /// it is delivered after the transitional configuration, to the survivors only.
    @Test func unstableSafeMessageIsDeliveredInTheTransitionalConfiguration() throws {
        let nodes: [NodeID] = [1, 2, 3]
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        // Node 1 receives nothing from node 2 any more, then dies.
        harness.filter = { from, to, bytes in !(from == 2 && to == 1 && bytes[3] == 1) }
        try harness.submit([9], from: 2, guarantee: .safe)
        harness.run(for: .milliseconds(20))
        #expect(harness.deliveries[2, default: []].isEmpty)
        harness.crash(1)
        expectRing(&harness, [2, 3])
        for node: NodeID in [2, 3] {
            #expect(harness.deliveries[node, default: []].map(\.payload) == [[9]])
            let timeline = harness.timeline[node, default: []]
            let delivered = timeline.firstIndex { if case .deliver = $0 { true } else { false } }!
            guard case .configuration(let before) = timeline[delivered - 1],
                case .configuration(let after) = timeline[delivered + 1]
            else {
                Issue.record("delivery not between two configuration changes: \(timeline)")
                continue
            }
            #expect(before.kind == .transitional && before.members == [2, 3] && before.left == [1])
            #expect(after.kind == .regular && after.members == [2, 3])
        }
    }
}
