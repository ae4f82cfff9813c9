import NodeCore
import Testing
import Totem
import TotemSimulator
import VoteQuorum

/// votequorum's promises on the full stack (``NodeCore``), scripted like corosync's
/// `vqsim`: splits, losses over last_man_standing windows, cold starts. The quorum checkers run
/// throughout; each test also states the expected outcome directly.
@Suite struct QuorumScenarioTests {
    static func simulation(_ nodeCount: Int, _ configure: (inout VoteQuorumOptions) -> Void = { _ in }) -> Simulation<NodeCore> {
        var options = QuorumSetup.majority(nodeCount: nodeCount).options
        configure(&options)
        return Simulation<NodeCore>(seed: 1, nodeCount: nodeCount, setup: QuorumSetup(options: options))
    }

    static func quorate(_ sim: Simulation<NodeCore>) -> [NodeID] {
        sim.nodeIDs.filter { sim.core(of: $0)?.quorumState?.quorate == true }
    }

    static func report(_ sim: Simulation<NodeCore>) -> String {
        "\(sim.violations.map(\.description))\n\(sim.timeline.suffix(40).joined(separator: "\n"))"
    }

    /// Forms the full ring and lets sync finish.
    static func settle(_ sim: inout Simulation<NodeCore>, for duration: Duration = .seconds(3)) {
        sim.runUntilConverged()
        sim.run(for: duration)
    }

    /// The ring's hard cases hold every invariant on the full stack too (plain majority).
    @Test(arguments: HardCase.allCases)
    func hardCaseHoldsEveryInvariantOnTheFullStack(_ hardCase: HardCase) {
        let sim = hardCase.run(NodeCore.self)
        #expect(sim.violations.isEmpty, "\(hardCase): \(Self.report(sim))")
    }

    @Test func evenSplitWithoutTieBreakerLeavesNoSideQuorate() {
        var sim = Self.simulation(4)
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2, 3, 4], "\(Self.report(sim))")
        sim.partition([[1, 2], [3, 4]])
        sim.run(for: .seconds(20))
        #expect(Self.quorate(sim) == [], "\(Self.report(sim))")
        #expect(sim.violations == [], "\(Self.report(sim))")
    }

    @Test(arguments: [("lowest", [NodeID(1), 2]), ("highest", [3, 4]), ("4 2", [3, 4])])
    func evenSplitWithTieBreakerKeepsTheChosenSide(node: String, winners: [NodeID]) {
        var sim = Self.simulation(4) { $0.autoTieBreaker = true; $0.autoTieBreakerNode = node }
        Self.settle(&sim)
        sim.partition([[1, 2], [3, 4]])
        sim.run(for: .seconds(20))
        #expect(Self.quorate(sim) == winners, "\(Self.report(sim))")
        #expect(sim.violations == [], "\(Self.report(sim))")
    }

    /// Swarm seeds 20102 and 20112: with `auto_tie_breaker_node: 2 1` both nodes, started
    /// apart, became quorate alone (the list was judged against an empty previous membership).
    @Test func tieBreakerListNeverMakesBothHalvesQuorateAfterAStartApart() {
        var sim = Self.simulation(2) { $0.autoTieBreaker = true; $0.autoTieBreakerNode = "2 1" }
        sim.partition([[1], [2]])
        sim.run(for: .seconds(10))
        #expect(Self.quorate(sim) == [], "\(Self.report(sim))")
        sim.heal()
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2], "\(Self.report(sim))")
        sim.partition([[1], [2]])
        sim.run(for: .seconds(20))
        #expect(Self.quorate(sim) == [2], "\(Self.report(sim))")
        sim.crash(1, restartAfter: .seconds(1))
        sim.run(for: .seconds(20))
        #expect(Self.quorate(sim) == [2], "a restarted node alone does not win the tie: \(Self.report(sim))")
        #expect(sim.violations == [], "\(Self.report(sim))")
    }

    @Test func threeTwoSplitKeepsOnlyTheMajorityQuorate() {
        var sim = Self.simulation(5)
        Self.settle(&sim)
        sim.partition([[1, 2, 3], [4, 5]])
        sim.run(for: .seconds(20))
        #expect(Self.quorate(sim) == [1, 2, 3], "\(Self.report(sim))")
        sim.heal()
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2, 3, 4, 5], "\(Self.report(sim))")
        #expect(sim.violations == [], "\(Self.report(sim))")
    }

    @Test func lastManStandingShrinksFiveToOneOverWindows() {
        let window = Duration.seconds(2)
        var sim = Self.simulation(5) {
            $0.lastManStanding = true
            $0.lastManStandingWindow = window
            $0.autoTieBreaker = true
            $0.waitForAll = true
        }
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2, 3, 4, 5], "\(Self.report(sim))")
        for lost in [NodeID(5), 4, 3, 2] {
            sim.crash(lost)
            sim.runUntilConverged()
            sim.run(for: window + .seconds(2))
            let survivors = sim.liveNodes
            #expect(Self.quorate(sim) == survivors, "after losing node \(lost): \(Self.report(sim))")
            #expect(sim.core(of: 1)?.quorumState?.expectedVotes == UInt32(survivors.count), "after losing node \(lost): \(Self.report(sim))")
        }
        #expect(sim.violations == [], "\(Self.report(sim))")
    }

    @Test func waitForAllColdStartWithOneNodeDownStaysInquorate() {
        var sim = Self.simulation(4) { $0.waitForAll = true }
        sim.run(until: .zero)
        sim.crash(4)
        Self.settle(&sim, for: .seconds(10))
        #expect(Self.quorate(sim) == [], "three of four votes, but wait_for_all: \(Self.report(sim))")
        sim.restart(4)
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2, 3, 4], "\(Self.report(sim))")
        sim.crash(4)
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2, 3], "wait_for_all was satisfied before: \(Self.report(sim))")
        #expect(sim.violations == [], "\(Self.report(sim))")
    }

    /// two_node's promise: both halves of a split may stay quorate, but only nodes that were in
    /// the two-node configuration (wait_for_all satisfied) before it; a node starting alone
    /// never is. The wait-for-all checker enforces this throughout.
    @Test func twoNodeSplitKeepsBothHalvesQuorate() {
        var sim = Self.simulation(2) { $0.twoNode = true }
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2], "\(Self.report(sim))")
        sim.partition([[1], [2]])
        sim.run(for: .seconds(20))
        #expect(Self.quorate(sim) == [1, 2], "\(Self.report(sim))")
        sim.crash(2, restartAfter: .seconds(1))
        sim.run(for: .seconds(20))
        #expect(Self.quorate(sim) == [1], "a restarted node alone waits for all: \(Self.report(sim))")
        sim.heal()
        Self.settle(&sim)
        #expect(Self.quorate(sim) == [1, 2], "\(Self.report(sim))")
        #expect(sim.violations == [], "\(Self.report(sim))")
    }

    @Test func twoNodeColdStartWithOneNodeDownIsNotQuorate() {
        var sim = Self.simulation(2) { $0.twoNode = true }
        sim.run(until: .zero)
        sim.crash(2)
        Self.settle(&sim, for: .seconds(10))
        #expect(Self.quorate(sim) == [], "\(Self.report(sim))")
        #expect(sim.violations == [], "\(Self.report(sim))")
    }
}
