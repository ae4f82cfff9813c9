import NodeCore
import Totem
import VoteQuorum

/// The node core the daemon and embedders run is the simulator's full-stack node, as is: the
/// ring with corosync's sync barriers, votequorum, cpg and cfg above it.
extension NodeCore: SimulatedNode {
    /// A node with plain-majority quorum over `nodes` (one vote each).
    public init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64) {
        self.init(
            nodeID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: persistedRingSeq,
            setup: .majority(nodeCount: nodes.count))
    }

    /// A node running votequorum with `setup.options` (which must resolve for this node).
    public init(
        nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64, setup: QuorumSetup
    ) {
        let configuration: VoteQuorumConfiguration
        do {
            configuration = try setup.options.resolve(localNodeID: nodeID)
        } catch {
            preconditionFailure("quorum setup \(setup) does not resolve for node \(nodeID): \(error)")
        }
        let engine = EngineCore(myID: nodeID, quorumConfiguration: configuration, configVersion: nil)
        self.init(
            nodeID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: persistedRingSeq, engine: engine)
    }

    /// Plain majority.
    public static func defaultSetup(nodeCount: Int) -> QuorumSetup { .majority(nodeCount: nodeCount) }

    /// See ``QuorumSetup/swarm(seed:nodeCount:)``.
    public static func swarmSetup(seed: UInt64, nodeCount: Int) -> QuorumSetup {
        .swarm(seed: seed, nodeCount: nodeCount)
    }

    /// The ring's effects (every delivery, corosync's internal groups included, so the ring
    /// checkers see the whole total order), votequorum's notifications and figure changes, and,
    /// in their place among the ring's effects, cpg events for local members and status views.
    public static func outputs(of effects: [NodeEffect]) -> SimulatedOutputs {
        var outputs = SimulatedOutputs()
        for effect in effects {
            switch effect {
            case .send(let bytes, let destination): outputs.ring.append(.send(bytes, to: destination))
            case .persistRingSeq(let seq): outputs.ring.append(.persistRingSeq(seq))
            case .dropped(let reason): outputs.ring.append(.dropped(reason))
            case .configurationChanged(let change): outputs.ring.append(.configurationChanged(change))
            case .delivered(let message): outputs.ring.append(.deliver(message))
            case .quorumChanged(let state), .quorumFiguresChanged(let state): outputs.quorum.append(state)
            case .cpg(let delivery):
                outputs.events.append(.init(afterRingEffects: outputs.ring.count, kind: .cpg(delivery)))
            case .status(let status):
                let view = StatusView(
                    ringID: status.ringID, members: status.members, quorate: status.isQuorate,
                    expectedVotes: status.quorum?.expectedVotes ?? 0, quorum: status.quorum?.quorum ?? 0)
                outputs.events.append(.init(afterRingEffects: outputs.ring.count, kind: .status(view)))
            case .syncCompleted(let ring):
                outputs.events.append(.init(afterRingEffects: outputs.ring.count, kind: .syncCompleted(ring)))
            case .operational, .log, .cmap, .killed, .reloadRequested, .persistExpectedVotes: break
            }
        }
        return outputs
    }

    /// Why the core stopped by itself (see ``NodeCore/stop``).
    public var selfStop: SelfStop? {
        switch stop {
        case nil: nil
        case .left: .left
        case .killed(let node, _): .killed(by: node)
        }
    }
}
