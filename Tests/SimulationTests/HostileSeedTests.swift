import TestSupport
import Testing
import Totem
import TotemSimulator

/// Seeds the forged-datagram fault broke first (of 300): a garbage merge detect put a node id
/// outside the nodelist into proc_list, every node (the sender too) then dropped the JOINs that
/// named it, and the ring never formed again. Kept so that the rule that drops such messages
/// (DropReason.unlistedNode) stays.
@Suite struct HostileSeedTests {
    @Test(arguments: [(UInt64(75), 1), (UInt64(67), 2), (UInt64(23), 3)])
    func aStrangerNamedInGarbageNeverWedgesTheRing(seed: UInt64, nodes: Int) async {
        var options = SimulatorOptions()
        options.seed = seed
        options.nodes = nodes
        let outcome = await offPool { [options] in
            SimulatorRunner.runSeed(TotemCore.self, seed: seed, options: options)
        }
        #expect(outcome.passed, "seed \(seed): \(outcome.violations.map(\.description))")
        #expect(outcome.statistics.forgedDatagrams > 0, "seed \(seed) no longer forges anything")
    }
}
