import Foundation

/// What one load run measured.
struct LoadResult {
    /// Messages per second delivered to the slowest member: every message of the run it delivered,
    /// divided by the time from the start of sending to its last delivery (queue drained), so a
    /// deep queue earns nothing.
    var messagesPerSecond: Double
    /// Submit-to-delivery latencies (ms) of every member, pooled (each thinned to 2000).
    var latenciesMs: [Double]
    /// Per-node CPU percent and resident MB over the window, when asked for.
    var cpuPercent: [Double] = []
    var residentMB: [Double] = []
    /// Token rotations (µs) captured during the window, when asked for.
    var rotationsUs: [Double] = []
}

/// Drives every node's load client with one `load` line and gathers the results.
enum LoadRun {
    /// Every node sends `size`-byte messages at `rate` per second each (0 = as fast as possible)
    /// for `duration`; the first `warmup` is not counted.
    static func run(_ cluster: Cluster, size: Int, rate: Double, safe: Bool, duration: Int, warmup: Int,
                    measureCost: Bool = false, captureRotation: Bool = false) throws -> LoadResult {
        let nodes = Array(1...cluster.topology.nodes)
        let clients = nodes.compactMap(cluster.loadClient)
        guard clients.count == nodes.count else { throw BenchError("load clients missing") }
        let marks = clients.map { $0.output.lines.count }
        let capture = captureRotation && cluster.topology.namespaced ? try TokenCapture(cluster: cluster, name: "load") : nil
        let start = realtimeNanoseconds() + 300_000_000
        let windowStart = start + UInt64(warmup) * 1_000_000, stop = start + UInt64(duration) * 1_000_000
        for client in clients {
            client.send("load \(size) \(rate) \(safe ? "safe" : "agreed") \(start) \(duration) \(warmup)")
        }
        var result = LoadResult(messagesPerSecond: 0, latenciesMs: [])
        sleep(until: windowStart)
        var cost = CostWindow()
        if measureCost { cost.start(nodes.map(cluster.costPIDs)) }
        sleep(until: stop)
        if measureCost { (result.cpuPercent, result.residentMB) = cost.finish() }
        if let capture { result.rotationsUs = capture.finish(window: windowStart...stop).map { Double($0) / 1000 } }
        var delivered: [Double] = []
        for (client, mark) in zip(clients, marks) {
            guard client.waitLine(from: mark, timeout: Double(duration) / 1000 + 20, { $0 == "end" }) != nil else {
                throw BenchError("\(client.label) reported no result")
            }
            let lines = client.output.lines[mark...]
            if let line = lines.first(where: { $0.hasPrefix("result ") }) {
                let fields = line.split(separator: " ").compactMap { Double($0) }
                if fields.count == 5, fields[4] > Double(start) { delivered.append(fields[0] / ((fields[4] - Double(start)) / 1e9)) }
                else { delivered.append(0) }
            }
            if let line = lines.first(where: { $0.hasPrefix("lat ") }) {
                result.latenciesMs += line.split(separator: " ").dropFirst(2).compactMap { Double($0) }.map { $0 / 1e6 }
            }
        }
        if delivered.count < nodes.count || delivered.contains(0) {
            progress("  warning: \(cluster.kind) \(size) B: rates per node \(delivered) (results: \(clients.map { $0.output.lines.last(where: { $0.hasPrefix("result") }) ?? "none" }))")
        }
        result.messagesPerSecond = delivered.min() ?? 0
        return result
    }

    /// A short pause between runs (the clients report only once their queue drained).
    static func drain(after result: LoadResult) {
        usleep(200_000)
    }

    static func sleep(until deadline: UInt64) {
        let now = realtimeNanoseconds()
        if deadline > now { usleep(UInt32((deadline - now) / 1000)) }
    }
}
