import Testing
@testable import Totem

/// Runs the harness until `nodes` form one operational ring, recording an issue if they do not.
func expectRing(_ harness: inout SRPHarness, _ nodes: [NodeID], sourceLocation: SourceLocation = #_sourceLocation) {
    let formed = harness.runUntilRing(of: nodes)
    #expect(formed, "no ring of \(nodes) by \(harness.now)", sourceLocation: sourceLocation)
}

@Suite struct SRPCoreTests {
    @Test(arguments: [1, 2, 3, 5])
    func ringFormsFromColdStart(count: Int) {
        let nodes = (1...count).map { NodeID(UInt32($0)) }
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        let rings = Set(nodes.map { harness.cores[$0]!.ringID })
        #expect(rings.count == 1)
        #expect(rings.first?.rep == 1)
        for node in nodes {
            let last = harness.configurations[node]?.last
            #expect(last?.kind == .regular)
            #expect(last?.members == nodes)
        }
    }

    @Test func messagesAreDeliveredInOneTotalOrder() throws {
        let nodes: [NodeID] = [1, 2, 3]
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        for round in 0..<20 {
            for node in nodes {
                try harness.submit([UInt8(round), UInt8(node.rawValue)], from: node, guarantee: round % 3 == 0 ? .safe : .agreed)
            }
        }
        harness.run(for: .seconds(2))
        let orders = nodes.map { harness.deliveries[$0, default: []].map(\.payload) }
        #expect(orders[0].count == 60)
        #expect(orders[0] == orders[1])
        #expect(orders[1] == orders[2])
    }

    @Test func crashedNodeIsExcludedAndSurvivorsKeepOrdering() throws {
        let nodes: [NodeID] = [1, 2, 3]
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        harness.crash(2)
        expectRing(&harness, [1, 3])
        let change = harness.configurations[1]!.suffix(2)
        #expect(change.first?.kind == .transitional)
        #expect(change.first?.members == [1, 3])
        #expect(change.first?.left == [2])
        try harness.submit([42], from: 3)
        harness.run(for: .seconds(1))
        #expect(harness.deliveries[1]?.last?.payload == [42])
        #expect(harness.deliveries[3]?.last?.payload == [42])
    }

    @Test func leaveFormsTheNewRingWithoutWaitingForTimeouts() {
        let nodes: [NodeID] = [1, 2, 3]
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        let start = harness.now
        harness.leave(3)
        expectRing(&harness, [1, 2])
        #expect(harness.now - start < .milliseconds(100))
    }

    @Test func restartedNodeRejoinsWithAHigherRingSeq() {
        let nodes: [NodeID] = [1, 2]
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        let before = harness.cores[1]!.ringID.seq
        harness.crash(2)
        expectRing(&harness, [1])
        harness.boot(2)
        expectRing(&harness, nodes)
        #expect(harness.cores[2]!.ringID.seq > before)
        #expect(harness.persisted[2] == harness.cores[2]!.ringID.seq)
    }

    @Test func partitionsMergeAfterHealing() {
        let nodes: [NodeID] = [1, 2, 3, 4]
        var harness = SRPHarness(nodes: nodes)
        harness.bootAll()
        expectRing(&harness, nodes)
        harness.link = { a, b in (a.rawValue <= 2) == (b.rawValue <= 2) }
        expectRing(&harness, [1, 2])
        expectRing(&harness, [3, 4])
        harness.link = { _, _ in true }
        expectRing(&harness, nodes)
    }
}
