import Foundation

/// `--soak`: the lowest token (from 50, 100, 200, 500, 1000 ms) at which a three-node ring with
/// the idle hold runs `minutes` without any membership change.
///
/// Each candidate is watched every second and abandoned at its first membership change, so a
/// token that is too low costs seconds, not the whole soak length.
struct Soak {
    let plan: Plan
    let minutes: Double

    /// The outcome of one candidate token.
    struct Trial: CustomStringConvertible {
        var system: SystemKind
        var token: Int
        /// Seconds the ring ran until its first membership change, or the whole soak if none.
        var heldSeconds: Double
        var held: Bool
        /// How late (ms) the stall probe, pinned and scheduled like the nodes, woke each time it
        /// woke more than 10 ms late during the trial.
        var stalls: [Double]
        var description: String {
            let outcome = held ? "\(system) token \(token) ms held \(Int(heldSeconds)) s"
                : "\(system) token \(token) ms: membership change after \(String(format: "%.1f", heldSeconds)) s"
            let worst = stalls.max().map { String(format: "%.0f", $0) } ?? "-"
            return outcome + " (machine stalls over 10 ms: \(stalls.count), worst \(worst) ms)"
        }
    }

    /// Tries the candidates from the lowest up; returns the first that held, with every trial.
    func lowestToken(_ system: SystemKind) throws -> (token: Int, trials: [Trial]) {
        let topology = try Topology(nodes: 3, namespaced: plan.tools.namespaced, directory: plan.logs)
        defer { topology.close() }
        var trials: [Trial] = []
        for token in [50, 100, 200, 500, 1000] {
            progress("soak \(system) token \(token) ms for \(minutes) min")
            let trial = try run(system, topology: topology, token: token)
            progress("  \(trial)")
            trials.append(trial)
            if trial.held { return (token, trials) }
        }
        return (1000, trials)
    }

    private func run(_ system: SystemKind, topology: Topology, token: Int) throws -> Trial {
        let cluster = try Cluster(system, topology: topology, token: token, freeRunning: false, tools: plan.tools)
        defer { cluster.stop() }
        try cluster.start()
        let rt = plan.tools.realtime ? ["/usr/bin/chrt", "-r", "99"] : []
        let probe = try Spawned("stall-probe-t\(token)-\(system)", cluster.pin + rt + [plan.tools.stallProbe], logDirectory: plan.logs)
        defer { probe.signal(SIGKILL) }
        func stalls() -> [Double] { probe.output.lines.compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Double($0) } } }
        let before = (1...3).map { cluster.memberships($0).count }
        let begin = Date()
        let end = begin.addingTimeInterval(minutes * 60)
        while Date() < end {
            usleep(1_000_000)
            if (1...3).map({ cluster.memberships($0).count }) != before {
                return Trial(system: system, token: token, heldSeconds: Date().timeIntervalSince(begin), held: false, stalls: stalls())
            }
        }
        return Trial(system: system, token: token, heldSeconds: minutes * 60, held: true, stalls: stalls())
    }
}
