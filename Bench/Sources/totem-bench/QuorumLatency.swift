import Foundation

/// Quorum notification latency: on an N-node ring of full daemons with votequorum, a monitor runs
/// on node 1 (`quorumtool -m`; for corosync `vq_watch`, as `corosync-quorumtool -m` does not
/// reprint on an expected-votes change) and node 2 changes the expected votes (`quorumtool -e` /
/// `corosync-quorumtool -e`), alternating between N + 1 and N (both valid). One sample is the time
/// from just before the change command is started to the moment the bench reads the monitor's
/// `Expected votes:` line with the new value.
struct QuorumLatency {
    /// What one system measured.
    struct Outcome {
        /// Change command started to monitor line read, ms.
        var latenciesMs: [Double] = []
        /// Change command started to its exit, ms (part of every latency sample).
        var commandMs: [Double] = []
        var notes: [String] = []
    }

    let cluster: Cluster
    let samples: Int

    private var topology: Topology { cluster.topology }
    private var nodes: Int { topology.nodes }

    /// Starts the ring, measures `samples` changes, stops everything it started.
    func run() throws -> Outcome {
        defer { cluster.stop() }
        let tool = try toolPath()
        if cluster.kind == .corosync {
            try cluster.start()
        } else {
            for node in 1...nodes { try cluster.startNode(node) }
        }
        try waitQuorate(tool: tool)
        let monitor = try Spawned("quorum-monitor-\(cluster.kind)-n\(nodes)", monitorCommand(tool),
                                  logDirectory: topology.directory)
        defer { monitor.signal(SIGKILL) }
        // corosync-quorumtool -m, line-buffered, alongside vq_watch: only to count its reprints.
        let stock = try corosyncMonitor(tool)
        defer { stock?.signal(SIGKILL) }
        guard monitor.waitLine(timeout: 10, { expectedVotes($0) == nodes }) != nil else {
            throw BenchError("\(cluster.kind) N=\(nodes): the quorum monitor printed no status")
        }
        var outcome = Outcome(), timeouts = 0
        for sample in 0..<samples {
            let value = sample % 2 == 0 ? nodes + 1 : nodes
            let mark = monitor.output.lines.count
            let start = realtimeNanoseconds()
            let status = runBriefly(changeCommand(tool, value), timeout: 10).status
            let exited = realtimeNanoseconds()
            guard status == 0 else {
                throw BenchError("\(cluster.kind): -e \(value) failed (status \(status.map(String.init) ?? "killed"))")
            }
            guard let index = monitor.waitLineIndex(from: mark, timeout: 5, { expectedVotes($0) == value }),
                  let seen = monitor.output.stamp(index) else {
                timeouts += 1
                continue
            }
            outcome.latenciesMs.append(Double(Int64(seen) - Int64(start)) / 1e6)
            outcome.commandMs.append(Double(exited - start) / 1e6)
            usleep(50_000 + UInt32.random(in: 0..<50_000))
        }
        if timeouts > 0 {
            outcome.notes.append(
                "\(cluster.kind) N=\(nodes) quorum latency: \(timeouts) of \(samples) changes not seen in 5 s")
        }
        if let stock {
            usleep(500_000)
            let blocks = stock.output.lines.filter { $0.hasPrefix("Quorum information") }.count
            outcome.notes.append("corosync-quorumtool -m printed \(blocks) status block(s), the first included, over "
                + "\(samples) expected-votes changes (it waits on quorate and membership changes only): "
                + "corosync's quorum notification figure is vq_watch's line (Bench/c/vq_watch.c)")
        }
        return outcome
    }

    /// The `Expected votes:` value of a status line, if it is one.
    private func expectedVotes(_ line: String) -> Int? {
        guard line.hasPrefix("Expected votes:") else { return nil }
        return Int(line.dropFirst("Expected votes:".count).trimmingCharacters(in: .whitespaces))
    }

    private func toolPath() throws -> String {
        if cluster.kind == .corosync {
            guard let tool = cluster.tools.corosyncQuorumtool else { throw BenchError("corosync-quorumtool missing") }
            return tool
        }
        guard let binaries = cluster.tools.binaries(cluster.kind) else {
            throw BenchError("no binaries for \(cluster.kind)")
        }
        return binaries.quorumtool
    }

    /// The tool on node `node`: in its namespace, pinned like the nodes; ours with its run dir.
    private func toolCommand(_ tool: String, node: Int, _ arguments: [String]) -> [String] {
        let runDir = cluster.kind == .corosync ? [] : ["--run-dir", (try? cluster.runDirectory(node)) ?? ""]
        return topology.inNode(node) + cluster.pin + [tool] + arguments + runDir
    }

    private func changeCommand(_ tool: String, _ value: Int) -> [String] {
        toolCommand(tool, node: nodes > 1 ? 2 : 1, ["-e", "\(value)"])
    }

    private func monitorCommand(_ tool: String) throws -> [String] {
        guard cluster.kind == .corosync else { return toolCommand(tool, node: 1, ["-m"]) }
        guard let watch = cluster.tools.vqWatch else { throw BenchError("vq_watch not built (libvotequorum-dev)") }
        return topology.inNode(1) + cluster.pin + [watch]
    }

    private func corosyncMonitor(_ tool: String) throws -> Spawned? {
        guard cluster.kind == .corosync else { return nil }
        return try Spawned("corosync-quorumtool-m-n\(nodes)", topology.inNode(1) + cluster.pin
                           + ["/usr/bin/stdbuf", "-oL", tool, "-m"], logDirectory: topology.directory)
    }

    /// Polls `-s` on every node until each is quorate with all N nodes (30 s at most).
    private func waitQuorate(tool: String) throws {
        let begin = Date(), deadline = begin.addingTimeInterval(30)
        var ready = Set<Int>()
        while ready.count < nodes, Date() < deadline {
            for node in 1...nodes where !ready.contains(node) {
                let result = runBriefly(toolCommand(tool, node: node, ["-s"]), timeout: 5)
                let lines = result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                let counted = lines.contains {
                    $0.hasPrefix("Nodes:") && Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) == nodes
                }
                let quorate = lines.contains { $0.hasPrefix("Quorate:") && $0.hasSuffix("Yes") }
                if counted, quorate { ready.insert(node) }
            }
            if ready.count < nodes { usleep(100_000) }
        }
        guard ready.count == nodes else {
            throw BenchError("\(cluster.kind) N=\(nodes): not quorate with all nodes in 30 s")
        }
        progress("  \(nodes) nodes quorate in \(String(format: "%.1f", Date().timeIntervalSince(begin))) s")
    }
}
