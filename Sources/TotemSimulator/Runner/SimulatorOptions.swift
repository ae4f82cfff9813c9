import Totem

/// What one invocation of `totem-sim` asks for; the command-line layer fills it in and hands it
/// to ``SimulatorRunner/run(_:options:output:)``.
///
/// Flags (``arguments(seed:nodeCount:)`` writes them back in this spelling):
///
/// | flag | meaning |
/// | --- | --- |
/// | `--seed S` | one run, verbose |
/// | `--seeds COUNT`, `--first-seed S` | COUNT runs with seeds S, S+1, ... |
/// | `--nodes N` | node count of every run |
/// | `--min-nodes A --max-nodes B` | otherwise, each seed picks a count in A...B |
/// | `--duration SECONDS` | virtual length of the fault phase |
/// | `--max-message-bytes B` | largest body submitted |
/// | `--no-loss`, `--no-duplication`, `--no-reordering`, `--no-partitions`, `--no-crashes`, `--no-pauses`, `--no-clogging`, `--no-large-messages`, `--no-timer-variation` | fault toggles |
/// | `--icmp` | hosts answer datagrams for a down process with ICMP port unreachable (``Simulation/portUnreachable``) |
/// | `--quorum` | full-stack nodes (``NodeCore``) with quorum options and local clients from the seed |
/// | `--no-clients` | with `--quorum`: no local-client traffic (``ClientSettings``) |
/// | `--verbose` | print settings, timeline and statistics of every run |
/// | `--trace` | with `--seed`: log every datagram, timeout and delivery |
/// | `--timeline-limit N` | keep only the last N timeline lines (a long trace's tail) |
/// | `--trace-from SECONDS` | turn `--trace` on at this virtual time |
public struct SimulatorOptions: Hashable, Sendable {
    /// A single seed to run (verbose); overrides ``seeds`` and ``firstSeed``.
    public var seed: UInt64?
    /// Number of seeds to run.
    public var seeds = 100
    /// First seed of the range.
    public var firstSeed: UInt64 = 1
    /// Fixed node count, or nil to let each seed pick one in ``nodeRange``.
    public var nodes: Int?
    /// Node counts a seed picks from when ``nodes`` is nil.
    public var nodeRange: ClosedRange<Int> = 1 ... 7
    /// Virtual length of the fault phase, in whole seconds.
    public var durationSeconds = 60
    /// Which faults are allowed.
    public var toggles = FaultToggles.all
    /// Largest body the simulator submits.
    public var maxMessageBytes = PayloadTag.largestBody
    /// The liveness bound.
    public var bound = LivenessBound()
    /// Down processes' hosts answer with ICMP port unreachable (``Simulation/portUnreachable``).
    public var portUnreachable = false
    /// The run uses ``NodeCore`` (the CLI's `--quorum`); only the replay command reads it.
    public var quorum = false
    /// Full-stack runs drive local clients (cpg, votequorum and cfg requests; see
    /// ``ClientSettings``); `--no-clients` turns them off.
    public var clients = true
    /// Print every run's settings, timeline and statistics, not only failures.
    public var verbose = false
    /// Put every datagram, timeout and delivery in the timeline, and keep all of it.
    public var traceEvents = false
    /// Most timeline lines kept (the newest); nil keeps all of them with `--seed` or `--trace`
    /// and the last 200 otherwise.
    public var timelineLimit: Int?
    /// Virtual second at which tracing starts (`--trace-from`); implies the trace.
    public var traceFromSeconds: Double?

    /// The defaults: 100 seeds from 1, 1...7 nodes, 60 s of faults, every fault on.
    public init() {}

    /// The seeds this invocation runs, in order.
    public var seedList: [UInt64] {
        if let seed { return [seed] }
        return (0..<UInt64(max(0, seeds))).map { firstSeed &+ $0 }
    }

    /// The node count for `seed`: ``nodes`` if set, else drawn from the seed within ``nodeRange``.
    public func nodeCount(for seed: UInt64) -> Int {
        if let nodes { return nodes }
        var random = SimulationRandom(seed: seed).fork(0x4E0D)
        return random.int(in: max(1, nodeRange.lowerBound) ... max(1, nodeRange.upperBound))
    }

    /// The flags that replay exactly the run of `seed` with `nodeCount` nodes.
    public func arguments(seed: UInt64, nodeCount: Int) -> [String] {
        var arguments = ["--seed", "\(seed)", "--nodes", "\(nodeCount)", "--duration", "\(durationSeconds)"]
        if maxMessageBytes != PayloadTag.largestBody { arguments += ["--max-message-bytes", "\(maxMessageBytes)"] }
        if quorum { arguments.append("--quorum") }
        if quorum, !clients { arguments.append("--no-clients") }
        if portUnreachable { arguments.append("--icmp") }
        return arguments + toggles.disablingFlags
    }

    /// `swift run totem-sim --seed S --nodes N --duration D ...`.
    public func replayCommand(seed: UInt64, nodeCount: Int) -> String {
        (["swift", "run", "totem-sim"] + arguments(seed: seed, nodeCount: nodeCount)).joined(separator: " ")
    }
}
