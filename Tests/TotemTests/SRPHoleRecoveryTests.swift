import Testing

@testable import Totem

/// A plausible forged token (seq a little ahead) leaves a hole no member can fill. How long
/// until the ring of all members is back and stays put, over holes, targets and timings.
@Suite struct SRPHoleRecoveryTests {
    struct Outcome {
        var recovered: Duration?
        var configurations: Int
    }

    static func run(hole: UInt32, target: NodeID, delay: Duration) -> Outcome {
        var harness = SRPHarness(nodes: [1, 2, 3])
        harness.bootAll()
        _ = harness.runUntilRing(of: [1, 2, 3])
        harness.run(for: delay)
        let core = harness.cores[target]!
        let before = core.ringID
        let forged = OrfToken(
            sender: 1, seq: core.highSeqReceived &+ hole, tokenSeq: core.tokenSeqSeen &+ 1_000, aru: core.aru,
            aruAddr: 0, ringID: core.ringID, backlog: 0, fcc: 0, rtrList: [])
        harness.inject(forged.encode(), to: target)
        let start = harness.now
        let counted = harness.configurations.values.map(\.count).reduce(0, +)
        let stable = harness.parameters.consensus * 2
        var wholeSince: Instant?
        while harness.now < start + .seconds(60) {
            harness.run(for: .milliseconds(20))
            let whole = harness.isRing([1, 2, 3]) && harness.cores[1]!.ringID != before
            if whole, wholeSince == nil { wholeSince = harness.now }
            if !whole { wholeSince = nil }
            if let since = wholeSince, harness.now - since >= stable {
                return Outcome(
                    recovered: since - start,
                    configurations: harness.configurations.values.map(\.count).reduce(0, +) - counted)
            }
        }
        return Outcome(
            recovered: nil, configurations: harness.configurations.values.map(\.count).reduce(0, +) - counted)
    }

    @Test func everyHoleIsLeftWithinAFewSecondsAndFewConfigurations() {
        var worst: Duration = .zero
        var worstCase = ""
        for hole: UInt32 in [1, 3, 10, 50] {
            for target: NodeID in [1, 2, 3] {
                for delay in [Duration.milliseconds(1), .milliseconds(7), .milliseconds(130)] {
                    let outcome = Self.run(hole: hole, target: target, delay: delay)
                    #expect(
                        outcome.recovered != nil, "hole \(hole) at node \(target) after \(delay): never whole again")
                    if let recovered = outcome.recovered, recovered > worst {
                        worst = recovered
                        worstCase =
                            "hole \(hole) at node \(target) after \(delay): \(outcome.configurations) configurations"
                    }
                }
            }
        }
        print("SRPHoleRecoveryTests: worst recovery \(worst) (\(worstCase))")
        #expect(worst < .seconds(1), "\(worstCase)")
    }
}
