import Foundation

/// `--soak`: the lowest token (from 50, 100, 200, 500, 1000 ms) at which a three-node ring with
/// the idle hold runs `minutes` without any membership change.
struct Soak {
    let plan: Plan
    let minutes: Double

    func lowestToken(_ system: SystemKind) throws -> Int {
        let topology = try Topology(nodes: 3, namespaced: plan.tools.namespaced, directory: plan.logs)
        defer { topology.close() }
        for token in [50, 100, 200, 500, 1000] {
            progress("soak \(system) token \(token) ms for \(minutes) min")
            let cluster = try Cluster(system, topology: topology, token: token, freeRunning: false, tools: plan.tools)
            defer { cluster.stop() }
            try cluster.start()
            let before = (1...3).map { cluster.memberships($0).count }
            usleep(UInt32(minutes * 60 * 1e6))
            if (1...3).map({ cluster.memberships($0).count }) == before { return token }
        }
        return 1000
    }
}
