import Foundation

/// How a node is made to fail.
enum FailureAction: String, CaseIterable, Codable {
    /// SIGKILL of the node's process (restarted afterwards: that measures the rejoin).
    case kill
    /// `ip link set eth0 down` in the node's namespace (then up again).
    case linkDown = "link-down"
    /// SIGSTOP (then SIGCONT).
    case stop
}

/// Detection and rejoin times of one failure case, in milliseconds.
struct FailoverResult {
    var detectionMs: [Double] = []
    var rejoinMs: [Double] = []
    var failures = 0
}

/// Fails the highest node (never the representative) `repetitions` times and times the new
/// membership on every survivor: T0 just before the action, the end when the last survivor
/// has installed a membership without the victim.
enum Failover {
    static func run(_ cluster: Cluster, action: FailureAction, repetitions: Int) -> FailoverResult {
        let nodes = cluster.topology.nodes, victim = nodes
        let survivors = Array(1..<nodes)
        let limit = Double(cluster.token) * 10 / 1000 + 5
        var result = FailoverResult()
        for _ in 0..<repetitions {
            guard cluster.waitFullMembership(timeout: limit + 10) else { result.failures += 1; continue }
            usleep(300_000)
            let t0 = realtimeNanoseconds()
            switch action {
            case .kill: cluster.killNode(victim)
            case .linkDown: cluster.topology.setLink(victim, up: false)
            case .stop: cluster.daemons[victim]?.signal(SIGSTOP)
            }
            if let end = waitAll(cluster, survivors, after: t0, timeout: limit, { !$0.contains(victim) }) {
                result.detectionMs.append(Double(end - t0) / 1e6)
            } else {
                result.failures += 1
            }
            let t1 = realtimeNanoseconds()
            switch action {
            case .kill: try? cluster.startNode(victim)
            case .linkDown: cluster.topology.setLink(victim, up: true)
            case .stop: cluster.daemons[victim]?.signal(SIGCONT)
            }
            if let end = waitAll(cluster, survivors, after: t1, timeout: limit, { $0.contains(victim) }), action == .kill {
                result.rejoinMs.append(Double(end - t1) / 1e6)
            }
        }
        return result
    }

    /// The time at which the last of `nodes` logged a membership after `t0` satisfying `condition`.
    static func waitAll(_ cluster: Cluster, _ nodes: [Int], after t0: UInt64, timeout: Double,
                        _ condition: (Set<Int>) -> Bool) -> UInt64? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let times = nodes.map { node in
                cluster.memberships(node).first { $0.time >= t0 && condition($0.members) }?.time
            }
            if times.allSatisfy({ $0 != nil }) { return times.compactMap { $0 }.max() }
            usleep(5_000)
        }
        return nil
    }
}
