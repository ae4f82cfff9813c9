import ArgumentParser
import NodeCore
import TotemSimulator

/// `totem-sim`: runs seeded, deterministic fault simulations of the totem core and checks the
/// protocol's invariants after every step. Exit status 0 when every seed passed, 1 when any
/// invariant was violated, 64 for bad usage.
struct TotemSimCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "totem-sim",
            abstract: "Seeded fault simulation of the totem single-ring protocol.",
            discussion: """
                Every seed draws its own fault mix (loss, duplication, reordering, partitions, \
                crashes, pauses, message sizes, timers), runs a fault phase, then requires one \
                configuration of all nodes and the delivery of every message. A failure prints \
                the seed, the settings and the command that replays it bit for bit.
                """)
    }

    @Option(help: "Run this one seed, verbosely.")
    var seed: UInt64?

    @Option(help: "Number of seeds to run.")
    var seeds = 100

    @Option(help: "First seed of the range.")
    var firstSeed: UInt64 = 1

    @Option(help: "Node count of every run (1-16); otherwise each seed picks one in --min-nodes...--max-nodes.")
    var nodes: Int?

    @Option(help: "Smallest node count a seed may pick.")
    var minNodes = 1

    @Option(help: "Largest node count a seed may pick.")
    var maxNodes = 7

    @Option(help: "Virtual seconds of the fault phase.")
    var duration = 60

    @Option(help: "Largest message body the simulator submits, in bytes.")
    var maxMessageBytes = PayloadTag.largestBody

    @Flag(help: "No datagram loss.")
    var noLoss = false

    @Flag(help: "No datagram duplication.")
    var noDuplication = false

    @Flag(help: "No delay jitter (no reordering).")
    var noReordering = false

    @Flag(help: "No partitions.")
    var noPartitions = false

    @Flag(help: "No crashes or leaves.")
    var noCrashes = false

    @Flag(help: "No paused processes.")
    var noPauses = false

    @Flag(help: "No clogged (very slow) nodes.")
    var noClogging = false

    @Flag(help: "Only messages below 1 KiB.")
    var noLargeMessages = false

    @Flag(help: "Always corosync's default timers.")
    var noTimerVariation = false

    @Flag(help: "No forged or garbage datagrams.")
    var noHostile = false

    @Flag(
        help:
            "Hosts answer datagrams for a down process with ICMP port unreachable (rate-limited as Linux), which nodes take as the peer's death."
    )
    var icmp = false

    @Flag(
        help: """
            Run the full stack (ring + sync + votequorum + cpg + cfg, quorum options drawn from the seed) and check the \
            quorum invariants too. Local clients join, leave and multicast to cpg groups, and an operator raises \
            expected votes, re-sets votes, kills or shuts down nodes (see --no-clients); cpg order and membership \
            and the status view (what tools show) are checked as well.
            """)
    var quorum = false

    @Flag(help: "With --quorum: no local-client traffic (cpg joins and messages, votequorum and cfg requests).")
    var noClients = false

    @Flag(help: "Print every run's settings, timeline and statistics.")
    var verbose = false

    @Flag(help: "Log every datagram, timeout and delivery (use with --seed).")
    var trace = false

    @Option(help: "Keep only the last N timeline lines (the tail of a long --trace).")
    var timelineLimit: Int?

    @Option(help: "Start the --trace at this virtual second (implies the trace).")
    var traceFrom: Double?

    func validate() throws {
        guard (1...16).contains(minNodes), (1...16).contains(maxNodes), minNodes <= maxNodes else {
            throw ValidationError(
                "--min-nodes and --max-nodes must satisfy 1 <= min <= max <= 16, got \(minNodes) and \(maxNodes)")
        }
        if let nodes, !(1...16).contains(nodes) { throw ValidationError("--nodes must be 1...16, got \(nodes)") }
        guard duration > 0 else { throw ValidationError("--duration must be positive, got \(duration)") }
        guard seeds > 0 else { throw ValidationError("--seeds must be positive, got \(seeds)") }
        guard maxMessageBytes >= 0 else { throw ValidationError("--max-message-bytes must not be negative") }
        if let traceFrom, !(traceFrom >= 0) {
            throw ValidationError("--trace-from must be a virtual second >= 0, got \(traceFrom)")
        }
        if let timelineLimit, timelineLimit < 1 {
            throw ValidationError("--timeline-limit must be positive, got \(timelineLimit)")
        }
    }

    /// The library's options for these flags.
    var options: SimulatorOptions {
        var options = SimulatorOptions()
        options.seed = seed
        options.seeds = seeds
        options.firstSeed = firstSeed
        options.nodes = nodes
        options.nodeRange = minNodes...maxNodes
        options.durationSeconds = duration
        options.maxMessageBytes = maxMessageBytes
        options.toggles = FaultToggles(
            loss: !noLoss, duplication: !noDuplication, reordering: !noReordering, partitions: !noPartitions,
            crashes: !noCrashes, pauses: !noPauses, clogging: !noClogging, largeMessages: !noLargeMessages,
            timers: !noTimerVariation,
            hostile: !noHostile)
        options.quorum = quorum
        options.clients = !noClients
        options.portUnreachable = icmp
        options.verbose = verbose
        options.traceEvents = trace
        options.timelineLimit = timelineLimit
        options.traceFromSeconds = traceFrom
        return options
    }

    func run() throws {
        let summary =
            quorum
            ? SimulatorRunner.run(NodeCore.self, options: options) { print($0) }
            : SimulatorRunner.run(SimulatedCore.self, options: options) { print($0) }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}
