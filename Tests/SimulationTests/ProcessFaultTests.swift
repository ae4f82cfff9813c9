import Testing
import Totem
import TotemSimulator

/// Crash, restart, leave and pause act on the simulated processes as documented.
@Suite struct ProcessFaultTests {
    @Test func timersFireOnScheduleWithVirtualTime() {
        var sim = Simulation<RecorderNode>(seed: 1, nodeCount: 2)
        sim.run(for: .milliseconds(1_050))
        let timeouts = sim.core(of: 1)?.timeouts ?? []
        #expect(timeouts.count == 10)
        #expect(timeouts.first == Instant(nanoseconds: 100_000_000))
        #expect(sim.now == Instant(nanoseconds: 1_050_000_000))
        // Both nodes heard both start multicasts (self included, through loopback).
        #expect(sim.core(of: 2)?.received.map(\.bytes) == [[2], [1]] || sim.core(of: 2)?.received.map(\.bytes) == [[1], [2]])
    }

    @Test func aPausedNodeFiresNoTimersAndSeesItsInputsLate() {
        var sim = Simulation<RecorderNode>(seed: 1, nodeCount: 2)
        sim.run(for: .milliseconds(1_050))
        sim.pause(2, for: .seconds(1))
        sim.crash(1, restartAfter: .milliseconds(300))  // restarts at 1.35 s and multicasts while 2 is paused
        sim.run(for: .milliseconds(900))
        #expect(sim.status(of: 2) == .paused)
        #expect(sim.core(of: 2)?.received.count == 2)
        sim.run(for: .milliseconds(200))
        #expect(sim.status(of: 2) == .running)
        let node2 = sim.core(of: 2)
        let resumedAt = Instant(nanoseconds: 2_050_000_000)
        #expect(node2?.timeouts.filter { $0 > Instant(nanoseconds: 1_050_000_000) && $0 < resumedAt } == [])
        #expect(node2?.timeouts.contains(resumedAt) == true)
        #expect(node2?.received.last?.time == resumedAt)
        #expect(node2?.received.last?.bytes == [1])
        #expect(sim.statistics.pauses == 1)
    }

    @Test func aRestartedNodeGetsItsLastPersistedRingSeq() {
        var sim = Simulation<RecorderNode>(seed: 2, nodeCount: 3)
        sim.run(for: .seconds(1))
        #expect(sim.core(of: 3)?.initialPersistedRingSeq == 0)
        sim.crash(3)
        #expect(sim.status(of: 3) == .down)
        #expect(sim.core(of: 3) == nil)
        #expect(sim.submit(from: 3, bytes: 10) == nil)
        sim.run(for: .seconds(1))
        sim.restart(3)
        #expect(sim.core(of: 3)?.initialPersistedRingSeq == 4)
        sim.crash(3, restartAfter: .seconds(2))
        sim.run(for: .seconds(3))
        #expect(sim.core(of: 3)?.initialPersistedRingSeq == 8)
        #expect(sim.statistics.crashes == 2 && sim.statistics.restarts == 2)
    }

    @Test func leaveSendsTheLeaveThenStops() {
        var sim = Simulation<RecorderNode>(seed: 3, nodeCount: 2)
        sim.run(for: .seconds(1))
        sim.leave(1)
        #expect(sim.status(of: 1) == .down)
        sim.run(for: .seconds(1))
        #expect(sim.core(of: 2)?.received.last?.bytes == [0xEE])
        #expect(sim.statistics.leaves == 1)
        #expect(sim.liveNodes == [2])
    }

    @Test func datagramsToADownNodeAreDropped() {
        var sim = Simulation<RecorderNode>(seed: 4, nodeCount: 2)
        sim.crash(2)  // before it started: a no-op, it is not running yet
        sim.run(for: .seconds(1))
        sim.crash(2)
        sim.restart(1)  // running already: a no-op
        sim.crash(1, restartAfter: .milliseconds(1))
        sim.run(for: .seconds(1))
        #expect(sim.statistics.datagramsToDownNodes >= 1)
        #expect(sim.status(of: 2) == .down)
    }

    @Test func aCloggedNodeHearsLateUntilUnclogged() {
        var sim = Simulation<RecorderNode>(seed: 5, nodeCount: 2)
        sim.run(for: .seconds(1))
        sim.clog(2, by: .milliseconds(500), for: .seconds(2))
        sim.crash(1, restartAfter: .milliseconds(10))  // node 1 multicasts again at 1.01 s
        sim.run(for: .seconds(1))
        #expect(sim.core(of: 2)?.received.last?.time == Instant(nanoseconds: 1_510_100_000))
        sim.run(for: .seconds(2))
        #expect(!sim.network.isClogged)
        #expect(sim.statistics.clogs == 1)
    }

    @Test func fullSwarmRunsAreReproducible() {
        for seed: UInt64 in [11, 12, 13] {
            func run() -> Simulation<Fake> {
                var sim = Simulation<Fake>.swarm(seed: seed, nodeCount: 5, maxMessageBytes: 8_192)
                sim.runFaultPhase(for: .seconds(20))
                sim.checkLiveness()
                return sim
            }
            let first = run(), second = run()
            #expect(first.digest == second.digest)
            #expect(first.violations == second.violations)
            #expect(first.statistics == second.statistics)
            #expect(first.now == second.now)
        }
    }
}

/// The swarm driver injects every kind of fault it is allowed to.
@Suite struct SwarmDriverTests {
    @Test func everyEnabledFaultKindIsInjected() {
        var faults = FaultSettings()
        faults.partitionInterval = .seconds(2)
        faults.asymmetricPerMille = 500
        faults.crashInterval = .seconds(3)
        faults.leavePerMille = 500
        faults.pauseInterval = .seconds(3)
        faults.clogInterval = .seconds(3)
        faults.submitInterval = .milliseconds(100)
        faults.largePerMille = 300
        faults.hugePerMille = 10
        var sim = Simulation<RecorderNode>(seed: 77, nodeCount: 5, faults: faults)
        sim.runFaultPhase(for: .seconds(120))
        let stats = sim.statistics
        #expect(stats.partitions > 0 && stats.asymmetricPartitions > 0 && stats.heals > 0)
        #expect(stats.crashes > 0 && stats.leaves > 0 && stats.restarts > 0)
        #expect(stats.pauses > 0 && stats.clogs > 0)
        #expect(stats.messagesSubmitted > 100)
        #expect(stats.bytesSubmitted > 100 * 1024)
        #expect(sim.violations == [])
        sim.endFaults()
        #expect(sim.liveNodes.count == 5)
        #expect(!sim.network.isPartitioned && !sim.network.isClogged)
        #expect(sim.statuses.allSatisfy { $0 == .running })
    }
}
