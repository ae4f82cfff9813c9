import Synchronization
import Testing
@testable import Totem

@Suite struct SRPLossTests {
    /// Under random loss every ring's deliveries are prefix-consistent across its members, every
    /// node delivers each of its own messages exactly once (in whichever configuration ordered
    /// it), and once the loss stops the final ring's messages are delivered everywhere.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func lossyNetworkKeepsOneTotalOrder(seed: UInt64) throws {
        let nodes: [NodeID] = [1, 2, 3, 4]
        var harness = SRPHarness(nodes: nodes)
        let random = Mutex(WireTestGenerator(seed: seed))
        let lossPercent: UInt64 = 5 + seed % 10
        harness.link = { _, _ in random.withLock { $0.next() % 100 } >= lossPercent }
        harness.bootAll()
        for round in 0..<40 {
            harness.run(for: .milliseconds(50))
            for node in nodes {
                try harness.submit([UInt8(round), UInt8(node.rawValue)], from: node, guarantee: round % 2 == 0 ? .safe : .agreed)
            }
        }
        harness.link = { _, _ in true }
        expectRing(&harness, nodes)
        harness.run(for: .seconds(5))
        var perRing: [RingID: [[UInt8]]] = [:]
        for node in nodes {
            var byRing: [RingID: [[UInt8]]] = [:]
            for delivery in harness.deliveries[node, default: []] { byRing[delivery.ringID, default: []].append(delivery.payload) }
            for (ring, sequence) in byRing {
                if let other = perRing[ring] {
                    let common = min(other.count, sequence.count)
                    #expect(Array(other.prefix(common)) == Array(sequence.prefix(common)), "ring \(ring) diverges at node \(node)")
                    if sequence.count > other.count { perRing[ring] = sequence }
                } else {
                    perRing[ring] = sequence
                }
            }
            let all = harness.deliveries[node, default: []].map(\.payload)
            #expect(Set(all).count == all.count, "node \(node) delivered a duplicate")
            let own = Set(all.filter { $0[1] == UInt8(node.rawValue) })
            #expect(own.count == 40, "node \(node) delivered \(own.count) of its own 40 messages")
        }
        let finalRing = harness.cores[1]!.ringID
        let inFinal = nodes.map { harness.deliveries[$0, default: []].filter { $0.ringID == finalRing }.map(\.payload) }
        #expect(inFinal.allSatisfy { $0 == inFinal[0] })
    }
}
