import Totem

/// The logic of the `totem-sim` command, generic over the protocol core so that tests can run
/// it with a fake and the executable with `TotemCore`.
public enum SimulatorRunner {
    /// Runs one seed: the fault phase of `durationSeconds`, then the liveness phase.
    public static func runSeed<Node: SimulatedNode>(_ type: Node.Type, seed: UInt64, options: SimulatorOptions) -> SeedOutcome {
        let nodeCount = options.nodeCount(for: seed)
        var simulation = Simulation<Node>.swarm(seed: seed, nodeCount: nodeCount, toggles: options.toggles, maxMessageBytes: options.maxMessageBytes)
        simulation.traceEvents = options.traceEvents
        simulation.portUnreachable = options.portUnreachable
        if options.clients, Node.servesClients { simulation.enableClients(.swarm(seed: seed, nodeCount: nodeCount)) }
        if options.traceEvents || options.seed != nil { simulation.timelineLimit = .max }
        if let from = options.traceFromSeconds {
            simulation.traceFrom = Instant(nanoseconds: UInt64(from * 1e9))
            simulation.timelineLimit = .max
        }
        if let limit = options.timelineLimit { simulation.timelineLimit = max(1, limit) }
        simulation.runFaultPhase(for: .seconds(options.durationSeconds))
        simulation.checkLiveness(bound: options.bound)
        simulation.trimTimeline()
        return SeedOutcome(seed: seed, nodeCount: nodeCount, faults: simulation.faults, violations: simulation.violations,
                           digest: simulation.digest, statistics: simulation.statistics, timeline: simulation.timeline,
                           setup: "\(simulation.setup)")
    }

    /// Runs every seed of `options`, printing through `output`: for a single `--seed` (or with
    /// `verbose`) the settings up front, the timeline and statistics; for every failure the seed,
    /// the settings, the violations and a one-line replay command; and a final summary.
    /// The summary's ``SimulatorSummary/exitCode`` is the process exit status.
    public static func run<Node: SimulatedNode>(_ type: Node.Type, options: SimulatorOptions, output: (String) -> Void) -> SimulatorSummary {
        var summary = SimulatorSummary()
        let verbose = options.verbose || options.seed != nil
        for seed in options.seedList {
            let nodeCount = options.nodeCount(for: seed)
            if verbose {
                output("SEED=\(seed) nodes=\(nodeCount) duration=\(options.durationSeconds)s")
                output("faults: \(FaultSettings.swarm(seed: seed, nodeCount: nodeCount, toggles: options.toggles, maxMessageBytes: options.maxMessageBytes))")
                output("node setup: \(Node.swarmSetup(seed: seed, nodeCount: nodeCount))")
                if options.clients, Node.servesClients {
                    output("clients: \(ClientSettings.swarm(seed: seed, nodeCount: nodeCount))")
                }
                output("liveness bound: \(options.bound)")
            }
            let outcome = runSeed(type, seed: seed, options: options)
            summary.add(outcome)
            if verbose {
                for line in outcome.timeline { output("  " + line) }
                output("stats: \(outcome.statistics)")
            }
            if outcome.passed {
                if verbose { output("PASS seed=\(seed) nodes=\(nodeCount) digest=\(outcome.digest)") }
            } else {
                output("FAIL seed=\(seed) nodes=\(nodeCount) digest=\(outcome.digest): \(outcome.violations[0])")
                if !verbose {
                    output("  faults: \(outcome.faults)")
                    output("  node setup: \(outcome.setup)")
                    for line in outcome.timeline.suffix(20) { output("  " + line) }
                }
                for violation in outcome.violations.dropFirst().prefix(9) { output("  also: \(violation)") }
                output("  replay: \(options.replayCommand(seed: seed, nodeCount: nodeCount))")
            }
        }
        output(summary.description)
        return summary
    }
}
