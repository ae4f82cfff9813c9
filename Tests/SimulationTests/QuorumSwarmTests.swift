import Testing
import Totem
import TotemSimulator
import VoteQuorum

/// The full stack (``ClusterSimNode``: ring, sync, votequorum) under the seeded swarm with the
/// quorum invariants on: every seed draws its quorum options (majority, wait_for_all,
/// last_man_standing, auto_tie_breaker, two_node, 1–3 votes per node) with its faults.
/// `swift run -c release totem-sim --quorum --seeds 5000` runs the long version.
@Suite struct QuorumSwarmTests {
    static func options(first: UInt64, count: Int) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.firstSeed = first
        options.seeds = count
        options.nodeRange = 2...7
        options.durationSeconds = 5
        options.maxMessageBytes = 65_536
        options.quorum = true
        return options
    }

    /// 200 seeds in 8 chunks of 25.
    @Test(arguments: 0..<8)
    func swarmOfTwentyFiveSeeds(chunk: Int) {
        let options = Self.options(first: 20_000 + UInt64(chunk) * 25, count: 25)
        var report: [String] = []
        let summary = SimulatorRunner.run(ClusterSimNode.self, options: options) { report.append($0) }
        #expect(summary.seedsRun == 25)
        #expect(summary.exitCode == 0, "\(report.joined(separator: "\n"))")
    }

    @Test func sameSeedGivesTheSameFullStackRunBitForBit() {
        let options = Self.options(first: 42, count: 1)
        let first = SimulatorRunner.runSeed(ClusterSimNode.self, seed: 42, options: options)
        let second = SimulatorRunner.runSeed(ClusterSimNode.self, seed: 42, options: options)
        #expect(first.digest == second.digest)
        #expect(first.statistics == second.statistics)
        #expect(first.setup == "\(QuorumSetup.swarm(seed: 42, nodeCount: first.nodeCount))")
    }

    @Test func swarmSetupsCoverEveryQuorumMode() {
        let setups = (1...400 as ClosedRange<UInt64>).map { seed in
            QuorumSetup.swarm(seed: seed, nodeCount: Int(seed % 6) + 2).options
        }
        #expect(setups.contains { $0.twoNode })
        #expect(setups.contains { $0.waitForAll == true })
        #expect(setups.contains { $0.lastManStanding })
        #expect(setups.contains { $0.autoTieBreaker && $0.autoTieBreakerNode == "highest" })
        #expect(setups.contains { $0.nodelist.contains { ($0.quorumVotes ?? 1) == 3 } })
        #expect(setups.contains { !$0.twoNode && $0.waitForAll == nil && !$0.lastManStanding && !$0.autoTieBreaker })
        #expect(QuorumSetup.swarm(seed: 9, nodeCount: 5) == QuorumSetup.swarm(seed: 9, nodeCount: 5))
    }
}
