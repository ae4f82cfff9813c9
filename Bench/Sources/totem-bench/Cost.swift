import Foundation

/// CPU time and resident memory of processes, from /proc.
enum ProcessCost {
    /// utime + stime of `pid` in seconds.
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmRSS of `pid` in MB.
    static func residentMB(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let parts = line.split(separator: " ")
            if parts.count >= 2, let kb = Double(parts[1]) { return kb / 1024 }
        }
        return 0
    }
}

/// A CPU measurement over a window: call ``start(_:)`` then ``finish()``.
struct CostWindow {
    private var pids: [[Int32]] = []
    private var cpu: [Double] = []
    private var began: UInt64 = 0

    /// Samples CPU of each node's PIDs now.
    mutating func start(_ nodes: [[Int32]]) {
        pids = nodes
        cpu = nodes.map { $0.map(ProcessCost.cpuSeconds).reduce(0, +) }
        began = realtimeNanoseconds()
    }

    /// Per-node CPU percent of one CPU over the window, and per-node resident MB now.
    func finish() -> (cpuPercent: [Double], residentMB: [Double]) {
        let wall = Double(realtimeNanoseconds() - began) / 1e9
        let percent = zip(pids, cpu).map { node, before in
            (node.map(ProcessCost.cpuSeconds).reduce(0, +) - before) / wall * 100
        }
        return (percent, pids.map { $0.map(ProcessCost.residentMB).reduce(0, +) })
    }
}
