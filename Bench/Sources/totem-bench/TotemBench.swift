import ArgumentParser
import Foundation

/// `totem-bench`: token rotation, failover detection, ordered multicast throughput and latency,
/// and cost of this package's totem ring, stock corosync and a raw UDP ring, in one run on one
/// topology. Method and how to read the ratios: Bench/README.md.
@main
struct TotemBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totem-bench", abstract: "Benchmark the totem ring against corosync 3.1.7 and the raw-UDP floor.")

    @Option(help: "Node counts, comma-separated.")
    var nodes = "2,3,5"
    @Option(help: "Systems to run: totem, corosync, floor (and baseline, which --baseline adds anyway).")
    var systems = "totem,corosync,floor"
    @Option(help: "Message sizes in bytes for throughput and latency.")
    var sizes = "64,1024,65536"
    @Option(help: "Length of each load run in ms (the first --warmup ms are not counted).")
    var duration = 1200
    @Option(help: "Messages per second per node (1 KiB, agreed) for the rotation-under-load run.")
    var loadRate = 500
    @Option(help: "Warm-up of each load run in ms.")
    var warmup = 300
    @Option(help: "How long to capture the free-running token, in seconds.")
    var rotationSeconds = 2.0
    @Option(help: "Token timeout in ms for the failover runs.")
    var token = 1000
    @Option(help: "The lower token timeout for failover runs (0: skip); --soak finds it instead.")
    var lowToken = 200
    @Option(help: "Node counts on which failover is measured.")
    var failoverNodes = "3"
    @Option(help: "Failure actions: kill, link-down, stop.")
    var actions = "kill,link-down,stop"
    @Option(help: "Repetitions of each failover case.")
    var repetitions = 10
    @Flag(help: "Run every node at SCHED_RR 99 (corosync's default; ours through chrt) instead of SCHED_OTHER.")
    var realtime = false
    @Flag(help: "Find the lowest token that holds --soak-minutes without a membership change (long).")
    var soak = false
    @Option(help: "Soak length per candidate token, in minutes.")
    var soakMinutes = 10.0
    @Flag(help: "With --soak: stop after the soak (no other measurement).")
    var soakOnly = false
    @Option(help: "net.ipv4.icmp_ratelimit in ms inside every node namespace (default: the kernel's 1000).")
    var icmpRatelimit: Int?
    @Option(help: "Where bench-results.{txt,json,svg} and the logs go.")
    var output = "Bench/results"
    @Option(
        help: ArgumentHelp(
            "Figures to run: rotation (idle and under load), throughput (with latency and cost; runs rotation too), "
                + "failover (with idle cost and rejoin), quorum-latency; or all.", valueName: "figures"))
    var only = "all"
    @Option(
        help: ArgumentHelp(
            "Directory of our totem-probe, totemd and quorumtool (default: next to totem-bench).",
            valueName: "dir"))
    var binaries: String?
    @Option(
        help: ArgumentHelp(
            "Another build's totem-probe, totemd and quorumtool, measured as system baseline.",
            valueName: "dir"))
    var baseline: String?
    @Option(help: "Node counts of the quorum notification latency figure.")
    var quorumNodes = "3"
    @Option(help: "Expected-votes changes per system for the quorum notification latency.")
    var quorumSamples = 100

    /// The figure groups `--only` can name.
    static let figureGroups: Set<String> = ["rotation", "throughput", "failover", "quorum-latency"]

    /// The figure groups `--only` selects.
    var figures: Set<String> {
        let chosen = Set(only.split(separator: ",").map(String.init))
        return chosen.contains("all") ? Self.figureGroups : chosen
    }

    func validate() throws {
        let unknown = figures.subtracting(Self.figureGroups)
        guard unknown.isEmpty else { throw ValidationError("--only: unknown figures \(unknown.sorted())") }
    }

    func run() throws {
        let signalSources = Cleanup.shared.installSignalHandlers()
        defer {
            Cleanup.shared.run()
            withExtendedLifetime(signalSources) {}
        }
        let outputURL = URL(fileURLWithPath: output)
        let logs = outputURL.appendingPathComponent("logs").path
        try? FileManager.default.removeItem(atPath: logs)
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let tools = try Setup.tools(output: outputURL.path, realtime: realtime, binaries: binaries, baseline: baseline)
        Topology.icmpRateLimit = icmpRatelimit
        var chosen = systems.split(separator: ",").compactMap { SystemKind(rawValue: String($0)) }
        if tools.corosync == nil || tools.cpgLoad == nil || !tools.namespaced {
            chosen.removeAll { $0 == .corosync }
        }
        if tools.baseline == nil {
            chosen.removeAll { $0 == .baseline }
        } else if !chosen.contains(.baseline) {
            chosen.append(.baseline)
        }
        var results = BenchResults(
            started: ISO8601DateFormatter().string(from: Date()),
            topology: tools.namespaced
                ? "one network namespace per node, veth into a bridge namespace (10.213.N.x)"
                : "127.0.0.x in one namespace (not root: no namespaces, no corosync, no link-down, no token capture)",
            scheduling: Setup.scheduling(realtime: realtime))
        results.notes.append(
            "every node process, client and the floor pinned to CPU 0 (taskset -c 0)"
                + (tools.namespaced ? "; tcpdump on CPU 1" : "; token rotation not measured (needs root for tcpdump)"))
        results.notes.append("per-node CPU is a share of the one CPU all N nodes are pinned to: at most 100/N %")
        if let baseline {
            results.notes.append("baseline: our binaries from \(baseline); totem: from \(binaries ?? "this build")")
        }
        if let icmpRatelimit {
            results.notes.append("net.ipv4.icmp_ratelimit=\(icmpRatelimit) ms in every node namespace")
        }
        progress("topology: \(results.topology)")
        for (system, policy) in results.scheduling.sorted(by: { $0.key < $1.key }) {
            progress("scheduling \(system): \(policy)")
        }
        let plan = Plan(command: self, tools: tools, systems: chosen, logs: logs)
        do {
            try plan.run(into: &results)
        } catch {
            results.notes.append("stopped early: \(error)")
            progress("error: \(error)")
        }
        try Report.write(results, to: outputURL)
    }
}
