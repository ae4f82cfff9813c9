import Totem

/// The result of one seed's run.
public struct SeedOutcome: Hashable, Sendable {
    /// The seed.
    public var seed: UInt64
    /// Its node count.
    public var nodeCount: Int
    /// Its fault settings.
    public var faults: FaultSettings
    /// Violations (empty when it passed).
    public var violations: [Violation]
    /// Digest of all effects: equal digests mean identical runs.
    public var digest: RunDigest
    /// Counters.
    public var statistics: SimulationStatistics
    /// The last notable events.
    public var timeline: [String]
    /// The nodes' setup (quorum options of a full-stack run), as printed.
    public var setup: String

    /// Creates an outcome.
    public init(seed: UInt64, nodeCount: Int, faults: FaultSettings, violations: [Violation], digest: RunDigest,
                statistics: SimulationStatistics, timeline: [String], setup: String = "none") {
        self.seed = seed
        self.nodeCount = nodeCount
        self.faults = faults
        self.violations = violations
        self.digest = digest
        self.statistics = statistics
        self.timeline = timeline
        self.setup = setup
    }

    /// True when no invariant was violated.
    public var passed: Bool { violations.isEmpty }
}
