import Testing
import Totem
import TotemSimulator

typealias Fake = SequencerNode<CorrectSequencer>

/// The harness end to end, with the fake sequencer protocol of Support/.
@Suite struct SimulationHarnessTests {
    /// What the fake tolerates: delay, jitter and duplication, small messages, no process faults.
    var gentle: FaultToggles {
        var toggles = FaultToggles.none
        toggles.reordering = true
        toggles.duplication = true
        return toggles
    }

    func swarmRun(seed: UInt64, nodes: Int) -> Simulation<Fake> {
        var sim = Simulation<Fake>.swarm(seed: seed, nodeCount: nodes, toggles: gentle, maxMessageBytes: 4_096)
        sim.runFaultPhase(for: .seconds(10))
        sim.checkLiveness()
        return sim
    }

    @Test func aCorrectProtocolPassesEveryChecker() {
        for seed: UInt64 in 1...4 {
            let sim = swarmRun(seed: seed, nodes: Int(seed) + 1)
            #expect(sim.violations == [], "seed \(seed): \(sim.faults)")
            #expect(sim.statistics.messagesSubmitted > 0)
            #expect(sim.statistics.deliveries >= sim.statistics.messagesSubmitted)
        }
    }

    @Test func aSeedReplaysBitForBit() {
        let first = swarmRun(seed: 21, nodes: 4)
        let second = swarmRun(seed: 21, nodes: 4)
        let other = swarmRun(seed: 22, nodes: 4)
        #expect(first.digest == second.digest)
        #expect(first.statistics == second.statistics)
        #expect(first.timeline == second.timeline)
        #expect(first.digest != other.digest)
    }

    @Test func scenarioDeliversInOneOrderDespitePausesAndJitter() {
        var faults = FaultSettings()
        faults.jitter = .milliseconds(3)
        var sim = Simulation<Fake>(seed: 5, nodeCount: 3, faults: faults)
        let ring = sim.runUntilConverged()
        #expect(ring == RingID(rep: 1, seq: 4))
        sim.run(for: .milliseconds(500))
        var ids: [MessageID] = []
        for round in 0..<20 {
            for node: NodeID in [1, 2, 3] {
                if let id = sim.submit(from: node, bytes: round * 50, guarantee: round % 3 == 0 ? .safe : .agreed) { ids.append(id) }
            }
            if round == 5 { sim.pause(2, for: .seconds(2)) }
            sim.run(for: .milliseconds(7))
        }
        #expect(sim.status(of: 2) == .paused)
        let delivered = sim.runUntilDelivered(ids, within: .seconds(10))
        #expect(delivered)
        #expect(sim.status(of: 2) == .running)
        #expect(sim.violations == [])
        #expect(sim.statistics.pauses == 1)
    }

    @Test func aCrashedSequencerIsALivenessFailure() {
        var sim = Simulation<Fake>(seed: 8, nodeCount: 3)
        sim.runUntilConverged()
        sim.crash(1)
        #expect(sim.liveNodes == [2, 3])
        let ring = sim.runUntilConverged(within: .seconds(30))
        #expect(ring == nil)
        #expect(sim.violations.map(\.invariant) == [.liveness])
        #expect(sim.violations.first?.detail.hasPrefix("no regular configuration of the live nodes [2, 3] formed within 30.0s") == true)
    }

    @Test func aRestartedFakeReusesItsRingSeqAndIsCaught() {
        var sim = Simulation<Fake>(seed: 8, nodeCount: 2)
        sim.runUntilConverged()
        sim.crash(2, restartAfter: .seconds(1))
        sim.run(for: .seconds(2))
        #expect(sim.statistics.restarts == 1)
        #expect(!sim.violations.isEmpty && sim.violations.allSatisfy { $0.invariant == .membership })
        #expect(sim.violations.first?.detail.contains("not above the 4 it installed before") == true)
    }

    @Test func partitionsDropDatagramsAndTheFakeStalls() {
        var sim = Simulation<Fake>(seed: 9, nodeCount: 3)
        sim.runUntilConverged()
        sim.run(for: .milliseconds(500))
        sim.partition([[1, 2], [3]])
        let id = sim.submit(from: 3, bytes: 10)
        #expect(id != nil)
        let delivered = sim.runUntilDelivered([id!], within: .seconds(2))
        #expect(!delivered)
        #expect(sim.statistics.network.blocked > 0)
        sim.heal()
        #expect(sim.violations == [])
    }

    @Test func unsafeSafeDeliveryIsCaughtInARun() {
        var sim = Simulation<SequencerNode<EagerSafeSequencer>>(seed: 3, nodeCount: 4)
        sim.runUntilConverged()
        sim.run(for: .milliseconds(500))
        for _ in 0..<5 { sim.submit(from: 2, bytes: 100, guarantee: .safe) }
        sim.run(for: .seconds(1))
        #expect(sim.violations.first?.invariant == .safeDelivery)
    }
}
