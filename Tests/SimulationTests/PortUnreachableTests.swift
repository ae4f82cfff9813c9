import Testing
import Totem
import TotemSimulator

/// ``Simulation/portUnreachable``: the host of a down process answers with ICMP port unreachable,
/// rate-limited as Linux does, and the real core takes it as that peer's death.
@Suite struct PortUnreachableTests {
    /// Node 2 is crashed; node 1 then multicasts `count` datagrams at once.
    func burstToACrashedNode(_ count: Int, portUnreachable: Bool = true, blockTheWayBack: Bool = false) -> Simulation<RecorderNode> {
        var sim = Simulation<RecorderNode>(seed: 5, nodeCount: 2)
        sim.portUnreachable = portUnreachable
        sim.run(for: .milliseconds(10))
        sim.crash(2)
        if blockTheWayBack { sim.block(from: 2, to: 1) }
        for _ in 0..<count { _ = sim.submit(from: 1, bytes: 1) }
        sim.run(for: .milliseconds(10))
        return sim
    }

    @Test func aDownProcessesHostAnswersAtMostABurstThenOnePerSecond() {
        var sim = burstToACrashedNode(10)
        #expect(sim.core(of: 1)?.unreachable.map(\.node) == Array(repeating: 2, count: RecorderNodeSimulation.icmpBurst))
        #expect(sim.core(of: 1)?.unreachable.allSatisfy { $0.time > Instant(nanoseconds: 10_000_000) } == true)
        sim.run(for: .seconds(1))
        for _ in 0..<3 { _ = sim.submit(from: 1, bytes: 1) }
        sim.run(for: .milliseconds(10))
        #expect(sim.core(of: 1)?.unreachable.count == RecorderNodeSimulation.icmpBurst + 1)
        #expect(sim.statistics.icmpSent == 7)
        #expect(sim.statistics.icmpSuppressed == 6)
    }

    @Test func offByDefaultAndNeverAcrossABlockedWayBack() {
        let off = burstToACrashedNode(3, portUnreachable: false)
        #expect(off.core(of: 1)?.unreachable.isEmpty == true)
        #expect(off.statistics.icmpSent == 0)
        let blocked = burstToACrashedNode(3, blockTheWayBack: true)
        #expect(blocked.core(of: 1)?.unreachable.isEmpty == true)
        #expect(blocked.statistics.icmpSuppressed == 3)
    }

    /// A killed member is excluded within milliseconds instead of token + consensus timeouts;
    /// the ring of the survivors stays consistent (the checkers run throughout).
    @Test func theRealCoreExcludesAKilledMemberAtOnce() {
        for portUnreachable in [false, true] {
            var sim = Simulation<TotemCore>(seed: 11, nodeCount: 3)
            sim.portUnreachable = portUnreachable
            #expect(sim.runUntilConverged(within: .seconds(30)) != nil)
            sim.run(for: .seconds(1))
            let crashedAt = sim.now
            sim.crash(3)
            let ring = sim.runUntilConverged(within: .seconds(30))
            #expect(ring != nil)
            #expect(sim.violations.isEmpty, "\(sim.violations)")
            let took = sim.now - crashedAt
            if portUnreachable {
                #expect(took < sim.parameters.token, "took \(took)")
                #expect(sim.statistics.icmpSent > 0)
            } else {
                #expect(took > sim.parameters.token, "took \(took)")
            }
        }
    }
}

/// `Simulation<RecorderNode>.icmpBurst`, spelled once.
enum RecorderNodeSimulation {
    static var icmpBurst: Int { Simulation<RecorderNode>.icmpBurst }
}
