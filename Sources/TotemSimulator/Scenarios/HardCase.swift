import Totem

/// Hand-written hard cases for any ``SimulatedNode``, scripted with the scenario API (as
/// TigerBeetle's `replica_test` and corosync's `vqsim` do). Each runs its script with traffic
/// of both guarantees, then the full liveness phase; a correct core ends every one with no
/// violations:
///
/// ```swift
/// @Test(arguments: HardCase.allCases) func hardCase(_ hardCase: HardCase) {
///     let sim = hardCase.run(TotemCore.self)
///     #expect(sim.violations == [], "\(hardCase): \(sim.timeline.suffix(30))")
/// }
/// ```
/// Every seed that ever fails in a swarm run should become one more case here.
public enum HardCase: String, CaseIterable, Hashable, Sendable {
    /// One node forms a ring with itself and delivers its own messages.
    case singleNode
    /// A member crashes under load and comes back later with its persisted ring seq.
    case crashAndRestart
    /// The representative (lowest id) crashes under load.
    case representativeCrash
    /// An orderly leave, then a rejoin.
    case leaveAndRejoin
    /// The network splits into two sides that both keep working, then heals (merge).
    case symmetricPartition
    /// One node cannot hear anyone, but everyone hears it.
    case deafNode
    /// One node's datagrams reach no one, but it hears everyone.
    case muteNode
    /// A node hangs for longer than token + consensus, then resumes and sees it all late.
    case longPause
    /// Heavy loss, duplication and reordering with large fragmented messages.
    case lossyNetwork
    /// Two crashes in a row while the ring is re-forming.
    case crashDuringMembershipChange

    /// The node count the case uses.
    public var nodeCount: Int {
        switch self {
        case .singleNode: 1
        case .crashAndRestart, .representativeCrash, .leaveAndRejoin, .longPause: 3
        case .symmetricPartition, .deafNode, .muteNode, .crashDuringMembershipChange: 5
        case .lossyNetwork: 4
        }
    }

    /// Runs the case on `Node` and returns the finished simulation (violations, digest,
    /// timeline, statistics).
    public func run<Node: SimulatedNode>(_ type: Node.Type, seed: UInt64 = 1) -> Simulation<Node> {
        var faults = FaultSettings()
        faults.jitter = .microseconds(300)
        if self == .lossyNetwork {
            faults.lossPerMille = 200
            faults.duplicatePerMille = 50
            faults.jitter = .milliseconds(3)
        }
        var sim = Simulation<Node>(seed: seed, nodeCount: nodeCount, faults: faults)
        let token = sim.parameters.token
        let consensus = sim.parameters.consensus
        sim.runUntilConverged()
        sim.traffic(rounds: 5)
        switch self {
        case .singleNode:
            sim.run(for: token)
        case .crashAndRestart:
            sim.crash(2, restartAfter: token * 3)
            sim.traffic(rounds: 5)
            sim.run(for: token * 6)
        case .representativeCrash:
            sim.crash(1)
            sim.traffic(rounds: 5)
            sim.runUntilConverged()
            sim.restart(1)
        case .leaveAndRejoin:
            sim.leave(3)
            sim.traffic(rounds: 5)
            sim.runUntilConverged()
            sim.restart(3)
        case .symmetricPartition:
            sim.partition([[1, 2, 3], [4, 5]])
            sim.traffic(rounds: 5)
            sim.run(for: token * 3 + consensus * 2)
            sim.traffic(rounds: 5)
            sim.heal()
        case .deafNode:
            for other: NodeID in [1, 2, 4, 5] { sim.block(from: other, to: 3) }
            sim.traffic(rounds: 5)
            sim.run(for: token * 4 + consensus * 2)
            sim.heal()
        case .muteNode:
            for other: NodeID in [1, 2, 4, 5] { sim.block(from: 3, to: other) }
            sim.traffic(rounds: 5)
            sim.run(for: token * 4 + consensus * 2)
            sim.heal()
        case .longPause:
            sim.pause(2, for: token * 2 + consensus)
            sim.traffic(rounds: 5)
            sim.run(for: token * 3 + consensus)
        case .lossyNetwork:
            for _ in 0..<3 {
                for node in sim.nodeIDs { sim.submit(from: node, bytes: 40_000, guarantee: .safe) }
                sim.traffic(rounds: 5)
            }
            sim.run(for: token * 3)
        case .crashDuringMembershipChange:
            sim.crash(5)
            sim.run(for: token + .milliseconds(200))
            sim.crash(4)
            sim.traffic(rounds: 5)
            sim.run(for: token * 3 + consensus * 2)
        }
        sim.checkLiveness()
        return sim
    }
}

extension Simulation {
    /// `rounds` rounds of one small message from every running node, alternately agreed and
    /// safe, 5 ms apart.
    mutating func traffic(rounds: Int) {
        for round in 0..<rounds {
            for node in nodeIDs where status(of: node) == .running {
                submit(from: node, bytes: 16 + 97 * round, guarantee: round % 2 == 0 ? .agreed : .safe)
            }
            run(for: .milliseconds(5))
        }
    }
}
