import Foundation

/// The order of the measurements: for each node count and system, a free-running ring (rotation,
/// throughput, latency, cost at saturation), then a ring with the default idle hold (idle cost,
/// failover at --token and at the low token).
struct Plan {
    let command: TotemBench
    let tools: Tools
    let systems: [SystemKind]
    let logs: String

    func run(into results: inout BenchResults) throws {
        let nodeCounts = command.nodes.split(separator: ",").compactMap { Int($0) }
        let failoverCounts = Set(command.failoverNodes.split(separator: ",").compactMap { Int($0) })
        var actions = command.actions.split(separator: ",").compactMap { FailureAction(rawValue: String($0)) }
        if !tools.namespaced { actions.removeAll { $0 == .linkDown } }
        var lowTokens: [SystemKind: Int] = [:]
        if command.soak {
            let soak = Soak(plan: self, minutes: command.soakMinutes)
            for system in systems where system != .floor {
                let (token, trials) = try soak.lowestToken(system)
                lowTokens[system] = token
                results.notes.append("soak: " + trials.map(\.description).joined(separator: "; "))
            }
            results.notes.append(
                "low token found by soak (\(command.soakMinutes) min without membership change): \(lowTokens)")
            if command.soakOnly { return }
        } else if command.lowToken > 0, command.figures.contains("failover") {
            for system in systems where system != .floor { lowTokens[system] = command.lowToken }
            results.notes.append(
                "low token \(command.lowToken) ms given with --low-token, not soak-verified (use --soak)")
        }
        let figures = command.figures
        for nodes in nodeCounts where !figures.isDisjoint(with: ["rotation", "throughput", "failover"]) {
            let topology = try Topology(nodes: nodes, namespaced: tools.namespaced, directory: logs)
            defer { topology.close() }
            // corosync first: its saturation rates are the shared rate of the same-load latency.
            for system in systems.sorted(by: { ($0 == .corosync ? 0 : 1) < ($1 == .corosync ? 0 : 1) }) {
                if !figures.isDisjoint(with: ["rotation", "throughput"]) {
                    try freeRunning(system, topology, &results)
                }
                guard system != .floor, figures.contains("failover") else { continue }
                var tokens = [command.token]
                if failoverCounts.contains(nodes), let low = lowTokens[system], low != command.token {
                    tokens.append(low)
                }
                for (index, token) in tokens.enumerated() {
                    try idleAndFailover(
                        system, topology, token: token, idleCost: index == 0,
                        actions: failoverCounts.contains(nodes) ? actions : [], &results)
                }
            }
        }
        if figures.contains("quorum-latency") { try quorumLatency(&results) }
    }

    /// The quorum notification latency of every system but the floor, at each `--quorum-nodes`.
    func quorumLatency(_ results: inout BenchResults) throws {
        for nodes in command.quorumNodes.split(separator: ",").compactMap({ Int($0) }) where nodes >= 2 {
            let topology = try Topology(nodes: nodes, namespaced: tools.namespaced, directory: logs)
            defer { topology.close() }
            for system in systems where system != .floor {
                if system == .corosync, tools.vqWatch == nil || tools.corosyncQuorumtool == nil { continue }
                progress("\(system) N=\(nodes): quorum notification latency")
                let cluster = try Cluster(
                    system, topology: topology, token: command.token, freeRunning: false,
                    tools: tools, quorum: true)
                let outcome = try QuorumLatency(cluster: cluster, samples: command.quorumSamples).run()
                results.add(
                    system, nodes, "quorum notification latency (-e to monitor line)", "ms",
                    outcome.latenciesMs)
                results.add(
                    system, nodes, "quorum change command run time (-e start to exit)", "ms",
                    outcome.commandMs)
                results.notes += outcome.notes
                let median = Table.format(Summary(outcome.latenciesMs)?.median)
                progress("  median \(median) ms over \(outcome.latenciesMs.count)")
            }
        }
    }

    func freeRunning(_ system: SystemKind, _ topology: Topology, _ results: inout BenchResults) throws {
        let nodes = topology.nodes
        progress("\(system) N=\(nodes): free-running ring")
        let cluster = try Cluster(system, topology: topology, token: command.token, freeRunning: true, tools: tools)
        defer { cluster.stop() }
        try cluster.start()
        usleep(500_000)
        var cost = CostWindow()
        cost.start((1...nodes).map(cluster.costPIDs))
        if tools.namespaced {
            let capture = try TokenCapture(cluster: cluster, name: "idle")
            usleep(UInt32(command.rotationSeconds * 1e6))
            let rotations = capture.finish().map { Double($0) / 1000 }
            results.add(system, nodes, "rotation idle (free-running)", "µs", rotations)
            progress(
                "  rotation idle: \(rotations.count) rotations, median \(Table.format(Summary(rotations)?.median)) µs")
        } else {
            usleep(UInt32(command.rotationSeconds * 1e6))
        }
        let (cpu, _) = cost.finish()
        results.add(system, nodes, "cpu free-running idle ring", "% of a CPU", cpu)
        guard system != .floor else { return }
        try cluster.startClients()
        // Rotation under the same absolute load for both rings (50 % of each one's saturation
        // would load them differently).
        let fixed = try LoadRun.run(
            cluster, size: 1024, rate: Double(command.loadRate), safe: false,
            duration: command.duration, warmup: command.warmup, captureRotation: true)
        results.add(
            system, nodes, "rotation under load (\(command.loadRate) x 1 KiB/s per node)", "µs", fixed.rotationsUs)
        LoadRun.drain(after: fixed)
        progress("  rotation under load: median \(Table.format(Summary(fixed.rotationsUs)?.median)) µs")
        guard command.figures.contains("throughput") else { return }
        for size in command.sizes.split(separator: ",").compactMap({ Int($0) }) {
            for safe in [false, true] {
                let label = "\(size) B \(safe ? "safe" : "agreed")"
                let reference = size == 1024 && !safe
                let saturated = try LoadRun.run(
                    cluster, size: size, rate: 0, safe: safe, duration: command.duration,
                    warmup: command.warmup, measureCost: reference)
                results.add(system, nodes, "throughput \(label)", "msg/s", [saturated.messagesPerSecond])
                results.add(
                    system, nodes, "throughput \(label) MB/s", "MB/s",
                    [saturated.messagesPerSecond * Double(size) / 1e6])
                results.add(system, nodes, "latency \(label) at saturation", "ms", saturated.latenciesMs)
                if reference {
                    results.add(system, nodes, "cpu at saturation (1024 B agreed)", "% of a CPU", saturated.cpuPercent)
                    results.add(system, nodes, "rss at saturation (1024 B agreed)", "MB", saturated.residentMB)
                }
                LoadRun.drain(after: saturated)
                let rate = max(1, saturated.messagesPerSecond * 0.5 / Double(nodes))
                let half = try LoadRun.run(
                    cluster, size: size, rate: rate, safe: safe, duration: command.duration,
                    warmup: command.warmup)
                results.add(system, nodes, "latency \(label) at 50%", "ms", half.latenciesMs)
                LoadRun.drain(after: half)
                progress(
                    "  \(label): \(Int(saturated.messagesPerSecond)) msg/s; at 50% median latency \(Table.format(Summary(half.latenciesMs)?.median)) ms"
                )
                try sameLoadLatency(system, cluster, label: label, size: size, safe: safe, ownHalf: half, &results)
            }
        }
    }

    /// Latency at the same absolute rate for both rings: 50 % of corosync's saturation (measured
    /// first), so a ring that saturates later is not compared under a heavier load. corosync's
    /// own figure is its `at 50%` run; this ring runs once more at corosync's rate.
    func sameLoadLatency(
        _ system: SystemKind, _ cluster: Cluster, label: String, size: Int, safe: Bool,
        ownHalf: LoadResult, _ results: inout BenchResults
    ) throws {
        let nodes = cluster.topology.nodes
        let name = "latency \(label) at corosync's 50%"
        switch system {
        case .corosync:
            results.add(system, nodes, name, "ms", ownHalf.latenciesMs)
        case .totem, .baseline:
            guard let reference = results.values(.corosync, nodes, "throughput \(label)")?.first else { return }
            let rate = max(1, reference * 0.5 / Double(nodes))
            let same = try LoadRun.run(
                cluster, size: size, rate: rate, safe: safe, duration: command.duration,
                warmup: command.warmup)
            results.add(system, nodes, name, "ms", same.latenciesMs)
            LoadRun.drain(after: same)
            progress(
                "  \(label): at corosync's 50% (\(Int(rate * Double(nodes))) msg/s) median latency \(Table.format(Summary(same.latenciesMs)?.median)) ms"
            )
        case .floor:
            break
        }
    }

    func idleAndFailover(
        _ system: SystemKind, _ topology: Topology, token: Int, idleCost: Bool,
        actions: [FailureAction], _ results: inout BenchResults
    ) throws {
        let nodes = topology.nodes
        progress("\(system) N=\(nodes): token \(token) ms with the idle hold")
        let cluster = try Cluster(system, topology: topology, token: token, freeRunning: false, tools: tools)
        defer { cluster.stop() }
        try cluster.start()
        if idleCost {
            usleep(1_000_000)
            var cost = CostWindow()
            cost.start((1...nodes).map(cluster.costPIDs))
            usleep(2_000_000)
            let (cpu, rss) = cost.finish()
            results.add(system, nodes, "cpu idle (default hold)", "% of a CPU", cpu)
            results.add(system, nodes, "rss idle", "MB", rss)
        }
        for action in actions {
            let outcome = Failover.run(cluster, action: action, repetitions: command.repetitions)
            results.add(system, nodes, "failover \(action.rawValue), token \(token)", "ms", outcome.detectionMs)
            results.add(system, nodes, "rejoin after restart, token \(token)", "ms", outcome.rejoinMs)
            if outcome.failures > 0 {
                results.notes.append(
                    "\(system) N=\(nodes) \(action.rawValue) token \(token): \(outcome.failures) repetitions timed out")
            }
            progress(
                "  \(action.rawValue): median \(Table.format(Summary(outcome.detectionMs)?.median)) ms over \(outcome.detectionMs.count)"
            )
        }
    }
}
