import Testing
import Totem
import TotemSimulator

/// The canned hard cases run deterministically; the fake survives only the fault-free ones
/// (the real core must survive all of them, see ``HardCase``).
@Suite struct HardCaseTests {
    @Test(arguments: HardCase.allCases) func replaysIdentically(_ hardCase: HardCase) {
        let first = hardCase.run(Fake.self)
        let second = hardCase.run(Fake.self)
        #expect(first.digest == second.digest)
        #expect(first.violations == second.violations)
        #expect(first.statistics.messagesSubmitted > 0)
    }

    @Test func theFakePassesTheSingleNodeCase() {
        let sim = HardCase.singleNode.run(Fake.self)
        #expect(sim.violations == [])
        #expect(sim.statistics.deliveries == sim.statistics.messagesSubmitted)
    }

    @Test func theFakeFailsACrashOfItsSequencerOnLiveness() {
        let sim = HardCase.representativeCrash.run(Fake.self)
        #expect(sim.violations.first?.invariant == .liveness)
    }
}
