import NodeCore
import Testing
import Totem
import VoteQuorum

/// The engine's reload of a 2-node cluster: two_node re-read at runtime, our votes taken
/// unchecked, as corosync 3.1.7's votequorum does.
struct EngineReloadTwoNodeTests {
    static func twoNodes(_ quorum: String = "", votes1: String = "") throws -> TotemConfig {
        let text = """
            totem {
              version: 2
              cluster_name: reload
              transport: udpu
            }
            nodelist {
              node {
                ring0_addr: 127.0.0.1
                nodeid: 1
            \(votes1)
              }
              node {
                ring0_addr: 127.0.0.2
                nodeid: 2
              }
            }
            quorum {
              provider: corosync_votequorum
            \(quorum)
            }
            """
        return try TotemConfig.load(
            text, file: "corosync.conf", resolver: StaticResolver(),
            localAddresses: StaticLocalAddresses(nodeName: "n", addresses: ["127.0.0.1"]), nodeID: 1)
    }

    /// Delivers the votequorum messages among `effects` back to `engine` (a ring of one).
    static func deliverOwn(_ effects: [EngineEffect], to engine: inout EngineCore) {
        for effect in effects {
            guard case .multicast(_, let payload, _) = effect, let message = try? VoteQuorumMessage.decode(payload) else { continue }
            _ = engine.withQuorum { $0.receive(message, from: 1) }
        }
    }

    /// Node 1 of a 2-node cluster, synced with node 2 (quorate), then alone after node 2 died.
    static func survivor(of running: TotemConfig, reloadingTo reloaded: TotemConfig) throws -> EngineCore {
        var engine = try EngineCore(config: running)
        _ = engine.start(now: Instant(nanoseconds: 0))
        let now = Instant(nanoseconds: 0)
        var peer = VoteQuorumCore(configuration: try VoteQuorumOptions(config: running).resolve(localNodeID: 2))
        _ = peer.start()
        _ = peer.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: now)
        _ = engine.withQuorum { $0.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: now) }
        var sent: [(NodeID, VoteQuorumMessage)] = []
        _ = engine.withQuorum { core in
            sent += core.syncProcess().messages.map { (NodeID(1), $0) }
            return []
        }
        sent += peer.syncProcess().messages.map { (NodeID(2), $0) }
        for (sender, message) in sent { _ = engine.withQuorum { $0.receive(message, from: sender) } }
        _ = engine.withQuorum { $0.syncActivate() }
        #expect(engine.quorumState?.quorate == true)
        let effects = try engine.reload(from: running, to: reloaded)
        #expect(EngineReloadTests.announced(effects) == ["NODEINFO(1)", "NODEINFO(0)"])
        deliverOwn(effects, to: &engine)
        // Node 2 dies: a ring of node 1 alone.
        _ = engine.withQuorum { $0.syncInit(members: [1], ringID: RingID(rep: 1, seq: 8), now: now) }
        var alone: [VoteQuorumMessage] = []
        _ = engine.withQuorum { core in
            alone = core.syncProcess().messages
            return []
        }
        for message in alone { _ = engine.withQuorum { $0.receive(message, from: 1) } }
        _ = engine.withQuorum { $0.syncActivate() }
        return engine
    }

    @Test func twoNodeAddedByAReloadKeepsTheSurvivorQuorate() throws {
        let engine = try Self.survivor(of: try Self.twoNodes(), reloadingTo: try Self.twoNodes("  two_node: 1"))
        let state = try #require(engine.quorumState)
        #expect(state.quorate && state.quorum == 1 && state.flags.contains(.twoNode) && state.flags.contains(.waitForAll))
    }

    @Test func withoutTheReloadTheSurvivorIsInquorate() throws {
        let engine = try Self.survivor(of: try Self.twoNodes(), reloadingTo: try Self.twoNodes())
        #expect(engine.quorumState?.quorate == false)
    }

    @Test func twoNodeRemovedByAReloadMakesALoneNodeInquorate() throws {
        let running = try Self.twoNodes("  two_node: 1")
        var engine = try Self.survivor(of: running, reloadingTo: running)
        #expect(engine.quorumState?.quorate == true)
        let effects = try engine.reload(from: running, to: try Self.twoNodes())
        #expect(engine.quorumState?.flags.contains(.twoNode) == false)
        Self.deliverOwn(effects, to: &engine)
        #expect(engine.quorumState?.quorate == false)
        #expect(engine.quorumState?.quorum == 2)
    }

    @Test func ourVotesAreTakenUncheckedAsCorosyncsReload() throws {
        // quorumtool -v 0 is refused on a 2-node cluster (quorum 2 > the 1 vote left);
        // corosync's reload sets them anyway and multicasts RECONFIGURE(NODE_VOTES).
        let running = try Self.twoNodes()
        var engine = try EngineCore(config: running)
        _ = engine.start(now: Instant(nanoseconds: 0))
        #expect(throws: VoteQuorumRequestError.invalidParameter) {
            _ = try engine.withQuorum { core throws(VoteQuorumRequestError) in try core.setVotes(0, of: 1) }
        }
        let effects = try engine.reload(from: running, to: try Self.twoNodes(votes1: "    quorum_votes: 0"))
        #expect(EngineReloadTests.announced(effects) == [
            "NODEINFO(1)", "NODEINFO(0)",
            "RECONFIGURE(\(ReconfigureParameter.nodeVotes.rawValue):0)",
            "RECONFIGURE(\(ReconfigureParameter.expectedVotes.rawValue):1)",
        ])
        #expect(engine.quorumState?.votes == 0)
    }
}
