import NodeCore
import TestSupport
import Testing
import Totem
import TotemSimulator
import VoteQuorum

/// The full stack (``NodeCore``: ring, sync, votequorum) under the seeded swarm with the
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
    func swarmOfTwentyFiveSeeds(chunk: Int) async {
        let options = Self.options(first: 20_000 + UInt64(chunk) * 25, count: 25)
        let (summary, report) = await offPool {
            var report: [String] = []
            let summary = SimulatorRunner.run(NodeCore.self, options: options) { report.append($0) }
            return (summary, report)
        }
        #expect(summary.seedsRun == 25)
        #expect(summary.exitCode == 0, "\(report.joined(separator: "\n"))")
        // The local clients (cpg, votequorum, cfg) run with every chunk.
        #expect(summary.statistics.clientRequests > 0)
        #expect(summary.statistics.cpgEvents > 0)
    }

    /// The first client-traffic runs' false alarms, fixed in the checkers and the driver: one
    /// MCAST packs several cpg messages (1, 16), messages queued before a ring change are
    /// delivered in the new ring before its sync on member lists from different rings (12),
    /// corosync notifies a PROCLEAVE of a process the node does not list (16), and a node shut
    /// down after the faults came back within the same instant as its own LEAVE, which the
    /// others then applied to its new incarnation (10: it never rejoined; restarts now wait).
    @Test(arguments: [(UInt64(1), 5), (UInt64(10), 3), (UInt64(12), 2), (UInt64(16), 6)])
    func clientTrafficSeed(seed: UInt64, nodes: Int) async {
        let outcome = await Self.longRun(seed: seed, nodes: nodes)
        #expect(outcome.passed, "seed \(seed): \(outcome.violations.map(\.description))")
        #expect(outcome.statistics.cpgEvents > 0)
    }

    /// The long run's false alarms, fixed in the checkers: a lone wait_for_all node quorate at
    /// start (32, 104), a majority holder's claim before any ring (781), and the tie-breaker
    /// arming the last_man_standing window (1299).
    @Test(arguments: [(UInt64(32), 1), (UInt64(104), 1), (UInt64(781), 3), (UInt64(1299), 4)])
    func longRunQuorumSeed(seed: UInt64, nodes: Int) async {
        let outcome = await Self.longRun(seed: seed, nodes: nodes)
        #expect(outcome.passed, "seed \(seed): \(outcome.violations.map(\.description))")
    }

    /// Found by the 3,000-seed `--quorum` run: node 6 left and restarted with its configured 7
    /// expected votes, joined members whose last_man_standing window had already lowered them
    /// to 6, and took 6 from them at once. corosync does the same (its NODEINFO handler gives a
    /// node that is not quorate a quorate sender's expected votes); the checker wrongly allowed
    /// only a node's own window.
    @Test func rejoiningNodeTakesTheMembersLoweredExpectedVotes() async {
        let outcome = await Self.longRun(seed: 2173, nodes: 7)
        #expect(outcome.passed, "seed 2173: \(outcome.violations.map(\.description))")
    }

    /// Found by the first 300-seed client run: before its first sync completed, a node showed
    /// tools votequorum's state for the ring still being synchronized, with itself alone as
    /// members, so two nodes showed disjoint quorate groups (NodeCore now keeps the first sync's
    /// status too until it completes).
    @Test func statusViewIsNotQuorateOverAHalfMadeFirstRing() async {
        let outcome = await Self.longRun(seed: 227, nodes: 4)
        #expect(outcome.passed, "seed 227: \(outcome.violations.map(\.description))")
    }

    /// Found by the same run: expected votes an operator raised fall back to the configured
    /// total when a restarted node (which never got the runtime-only RECONFIGURE) is quorate and
    /// hands its value on; the last_man_standing checker judged that as a shrink (also 106, 130,
    /// 174, 182; the driver now also caps the raise at two above the total).
    @Test func raisedExpectedVotesFallBackWithoutALastManStandingShrink() async {
        let outcome = await Self.longRun(seed: 151, nodes: 5, duration: 60)
        #expect(outcome.passed, "seed 151: \(outcome.violations.map(\.description))")
    }

    /// Found by the 2,000-seed client run (30 s): a ring that lost members but kept fewer than
    /// quorum does not re-arm votequorum's last_man_standing timer, so the one armed earlier
    /// fires at its own time; the checker took the later loss as a re-arm (also 2093, 2409).
    @Test func aSmallRingsLossDoesNotReArmTheLastManStandingTimer() async {
        let outcome = await Self.longRun(seed: 2632, nodes: 3, duration: 30)
        #expect(outcome.passed, "seed 2632: \(outcome.violations.map(\.description))")
    }

    /// Found by the 2,000-seed client run (30 s), a checker false alarm: node 6, whose expected
    /// votes an operator had raised (8, then 6 while the others had 5), became inquorate on one
    /// NODEINFO of a sync and then took 5 from a quorate peer's NODEINFO of the same sync, as
    /// corosync's handler does. `LastManStandingChecker` now accepts that adoption too.
    @Test
    func adoptedExpectedVotesAfterAnOperatorRaise() async {
        let outcome = await Self.longRun(seed: 2409, nodes: 7, duration: 30)
        #expect(outcome.passed, "seed 2409: \(outcome.violations.map(\.description))")
    }

    /// Found by the 3,000-seed client run (`totem-sim --quorum --seeds 3000`, 60 s), fixed:
    /// - 1260 (also without clients, and on the build before the node core) showed two quorate
    ///   partitions: last_man_standing had lowered expected votes to 3, and node 3, alone after
    ///   a ring whose sync stalled, took `1 == 3 / 2` as an auto_tie_breaker tie while nodes 1
    ///   and 4 held quorum. The tie-breaker's guard now also counts the nodes gone since this
    ///   node was last quorate (a deviation, see README; `TieBreakerTests`). 1958 without
    ///   clients was the same split.
    /// - 683 and 1958 with clients: a checker false alarm. A restarted node took its peer's
    ///   expected votes from the NODEINFO the peer sent while still quorate, and the peer's
    ///   sync ended inquorate just before; `LastManStandingChecker` now accepts a peer that was
    ///   quorate when the configuration formed.
    @Test(arguments: [(1260, 4, true), (1958, 5, false), (683, 6, true), (1958, 5, true)])
    func seedsOfTheClientRun(seed: Int, nodes: Int, clients: Bool) async {
        var options = SimulatorOptions()
        options.seed = UInt64(seed)
        options.nodes = nodes
        options.durationSeconds = 60
        options.quorum = true
        options.clients = clients
        let outcome = await offPool { [options] in
            SimulatorRunner.runSeed(NodeCore.self, seed: UInt64(seed), options: options)
        }
        #expect(outcome.passed, "seed \(seed): \(outcome.violations.map(\.description))")
    }

    /// Found by the 3,000-seed client run: 191 (4 nodes, last_man_standing without
    /// wait_for_all), where {1, 3} and {2, 4} each reach the lowered quorum 2. The window
    /// lowered expected votes to 3 on {1, 2, 4} while node 3 was out; the cluster split
    /// 1 | 2, 4; node 3 (not quorate, expected 4) joined node 1, which records a non-quorate
    /// sender's expected votes as its own 3 (corosync's NODEINFO rule). votequorum(5) calls
    /// wait_for_all essential with last_man_standing, so the split-brain checkers do not run
    /// for that combination (as for two_node); every other checker still passes.
    @Test func lastManStandingWithoutWaitForAllIsNotHeldToOneQuoratePartition() async {
        let outcome = await Self.longRun(seed: 191, nodes: 4, duration: 60)
        #expect(outcome.passed, "seed 191: \(outcome.violations.map(\.description))")
        var lone = VoteQuorumOptions(nodelist: QuorumSetup.nodelist(votes: [1, 1, 1, 1]))
        lone.lastManStanding = true
        var suite = CheckerSuite()
        suite.enableQuorum(lone, nodes: [1, 2, 3, 4])
        #expect(suite.splitBrain == nil && suite.statusSplitBrain == nil)
        lone.waitForAll = true
        suite.enableQuorum(lone, nodes: [1, 2, 3, 4])
        #expect(suite.splitBrain != nil && suite.statusSplitBrain != nil)
    }

    /// Found by the 3,000-seed run with the forged-datagram fault, still open (they pass with
    /// `--no-hostile`): forged accusing JOINs split the ring into shapes that votequorum then
    /// mishandles. 2399 (4 nodes, auto_tie_breaker lowest): node 2 quorate in [2, 4] with 2 of 4
    /// votes, without the tie-breaker node 1. 635 and 1592 (6 nodes, last_man_standing): expected
    /// votes lowered before the window that the checker saw armed had passed.
    @Test(
        .disabled("open: votequorum under forged accusations, seeds 2399, 635, 1592"),
        arguments: [
            (UInt64(2399), 4), (UInt64(635), 6), (UInt64(1592), 6),
        ])
    func forgedAccusationsAndVotequorum(seed: UInt64, nodes: Int) async {
        let outcome = await Self.longRun(seed: seed, nodes: nodes, duration: 60)
        #expect(outcome.passed, "seed \(seed): \(outcome.violations.map(\.description))")
    }

    /// `totem-sim --quorum --seed S --nodes N --duration D` (10 unless given).
    static func longRun(seed: UInt64, nodes: Int, duration: Int = 10) async -> SeedOutcome {
        var options = SimulatorOptions()
        options.seed = seed
        options.nodes = nodes
        options.durationSeconds = duration
        options.quorum = true
        return await offPool { [options] in SimulatorRunner.runSeed(NodeCore.self, seed: seed, options: options) }
    }

    @Test func sameSeedGivesTheSameFullStackRunBitForBit() {
        let options = Self.options(first: 42, count: 1)
        let first = SimulatorRunner.runSeed(NodeCore.self, seed: 42, options: options)
        let second = SimulatorRunner.runSeed(NodeCore.self, seed: 42, options: options)
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
