import Totem

/// The liveness phase (invariant 5).
extension Simulation {
    /// Ends every fault: heals the network, clears clogs, turns loss and duplication off
    /// (latency and jitter stay), restarts every down node, resumes every paused one, and stops the swarm driver.
    public mutating func endFaults() {
        faultPhase = false
        clients.afterFaults = true
        if network.isPartitioned { heal() }
        for node in nodeIDs where network.isClogged(node) { unclog(node) }
        var settings = network.settings
        settings.lossPerMille = 0
        settings.duplicatePerMille = 0
        network.settings = settings
        note("faults end")
        for node in nodeIDs {
            switch status(of: node) {
            case .down: start(node)
            case .paused: wakeUp(node)
            case .running: break
            }
        }
    }

    /// The whole liveness phase: ``endFaults()``, then one regular configuration of all nodes
    /// must form, and stay unchanged for 2 x token + consensus, within `bound.convergence`; then
    /// one probe per node (alternately agreed and safe) and every message whose submitter
    /// survived must be delivered within `bound.delivery`. Violations go to ``violations``;
    /// returns true when there are none.
    @discardableResult
    public mutating func checkLiveness(bound: LivenessBound = LivenessBound()) -> Bool {
        guard violations.isEmpty else { return false }
        endFaults()
        // Converged means one configuration of all live nodes that then stays put for a settle
        // period (2 x token + consensus): right after the faults end, a configuration may still
        // look whole while a member that was clogged is about to be expelled, and a probe
        // ordered in the short-lived ring that follows is, correctly, delivered only there.
        let settle = parameters.token * 2 + parameters.consensus
        let deadline = now + bound.convergence(parameters)
        while true {
            guard violations.isEmpty, let ring = runUntilConverged(within: max(.zero, deadline - now)) else {
                return false
            }
            run(for: settle)
            if checkers.liveness.convergedRing(liveNodes: liveNodes) == ring { break }
            guard now < deadline else {
                violations.append(
                    Violation(
                        .liveness, at: now, node: nil,
                        "the configuration of the live nodes \(liveNodes) did not stay stable for "
                            + "\(FaultSettings.format(settle)) within the convergence bound"
                    ))
                return false
            }
        }
        var probes: [MessageID] = []
        for node in nodeIDs {
            if let id = submit(from: node, bytes: 64, guarantee: node.rawValue % 2 == 0 ? .safe : .agreed) {
                probes.append(id)
            }
        }
        let live = liveNodes
        _ = run(until: now + bound.delivery(parameters)) { sim in
            sim.checkers.liveness.allDelivered(liveNodes: live, probes: probes)
        }
        if violations.isEmpty {
            violations += checkers.liveness.finalViolations(liveNodes: live, probes: probes, at: now)
        }
        return violations.isEmpty
    }
}
