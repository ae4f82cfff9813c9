import Totem

/// What a batch of seeds came to.
public struct SimulatorSummary: Hashable, Sendable, CustomStringConvertible {
    /// Seeds run.
    public var seedsRun = 0
    /// Seeds that failed.
    public var failedSeeds: [UInt64] = []
    /// Node counts run, smallest and largest.
    public var nodeCounts: ClosedRange<Int>?
    /// Violations by invariant, over all seeds.
    public var violationsByInvariant: [Violation.Invariant: Int] = [:]
    /// Counters added up over all seeds.
    public var statistics = SimulationStatistics()

    /// Nothing run yet.
    public init() {}

    /// 0 when every seed passed, 1 otherwise (the CLI's exit status).
    public var exitCode: Int32 { failedSeeds.isEmpty ? 0 : 1 }

    /// Adds one seed's outcome.
    public mutating func add(_ outcome: SeedOutcome) {
        seedsRun += 1
        if !outcome.passed { failedSeeds.append(outcome.seed) }
        nodeCounts = nodeCounts.map { min($0.lowerBound, outcome.nodeCount) ... max($0.upperBound, outcome.nodeCount) }
            ?? outcome.nodeCount ... outcome.nodeCount
        for violation in outcome.violations { violationsByInvariant[violation.invariant, default: 0] += 1 }
        statistics.add(outcome.statistics)
    }

    /// The final summary lines.
    public var description: String {
        let violations = Violation.Invariant.allCases.compactMap { invariant in
            violationsByInvariant[invariant].map { "\(invariant.rawValue)=\($0)" }
        }
        let nodes = nodeCounts.map { "\($0.lowerBound)...\($0.upperBound)" } ?? "-"
        return "seeds=\(seedsRun) passed=\(seedsRun - failedSeeds.count) failed=\(failedSeeds.count) nodes=\(nodes)"
            + " violations: \(violations.isEmpty ? "none" : violations.joined(separator: " "))\n"
            + "totals: \(statistics)"
            + (failedSeeds.isEmpty ? "" : "\nfailed seeds: \(failedSeeds.prefix(50).map(String.init).joined(separator: " "))")
    }
}
