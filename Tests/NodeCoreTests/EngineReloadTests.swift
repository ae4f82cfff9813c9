import NodeCore
import Testing
import Totem
import VoteQuorum

/// The engine's half of a reload: RELOAD_CONFIG decoding, and votequorum taking the reloaded
/// figures all or nothing.
struct EngineReloadTests {
    static func config(_ quorum: String = "", votes2: String = "", node4: Bool = false) throws -> TotemConfig {
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
              }
              node {
                ring0_addr: 127.0.0.2
                nodeid: 2
            \(votes2)
              }
              node {
                ring0_addr: 127.0.0.3
                nodeid: 3
              }
            \(node4 ? "  node {\n    ring0_addr: 127.0.0.4\n    nodeid: 4\n    quorum_votes: 2\n  }" : "")
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

    static func delivered(_ payload: [UInt8], from sender: NodeID) -> DeliveredMessage {
        DeliveredMessage(
            sender: sender, groups: [GroupHeader.services], payload: payload, guarantee: .safe,
            ringID: RingID(rep: 1, seq: 4), seq: 1)
    }

    /// The votequorum messages among `effects`, in order, as short names.
    static func announced(_ effects: [EngineEffect]) -> [String] {
        effects.compactMap { effect in
            guard case .multicast(_, let payload, _) = effect, let message = try? VoteQuorumMessage.decode(payload) else { return nil }
            switch message {
            case .nodeInfo(let info): return "NODEINFO(\(info.nodeID))"
            case .reconfigure(let request): return "RECONFIGURE(\(request.parameter.rawValue):\(request.value))"
            default: return "\(message)"
            }
        }
    }

    static func reconfigures(_ effects: [EngineEffect]) -> [Reconfigure] {
        effects.compactMap { effect in
            guard case .multicast(_, let payload, _) = effect,
                case .reconfigure(let message)? = try? VoteQuorumMessage.decode(payload)
            else { return nil }
            return message
        }
    }

    @Test func reloadConfigMessageHasCorosyncsLayoutAndOnlyTheSenderGetsItsToken() {
        let bytes = ServiceMessages.reloadConfig(from: 2, token: 0x0102_0304_0506_0708)
        #expect(bytes.count == 32)
        #expect(Array(bytes[16..<24]) == [2, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[24..<32]) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect((try? ServiceHeader.decode(bytes)).map { [$0.service, $0.function] } == [1, 3])

        var mine = EngineCore(myID: 2, quorumConfiguration: nil, configVersion: nil)
        let own = mine.delivered(Self.delivered(bytes, from: 2), now: Instant(nanoseconds: 0))
        #expect(own == [
            .log(subsystem: "CFG", message: "Config reload requested by node 2"),
            .reloadRequested(by: 2, token: 0x0102_0304_0506_0708),
        ])
        var other = EngineCore(myID: 1, quorumConfiguration: nil, configVersion: nil)
        let theirs = other.delivered(Self.delivered(bytes, from: 2), now: Instant(nanoseconds: 0))
        #expect(theirs.last == .reloadRequested(by: 2, token: nil))
    }

    @Test func changedExpectedVotesAreReconfiguredOnce() throws {
        let running = try Self.config()
        var engine = try EngineCore(config: running)
        _ = engine.start(now: Instant(nanoseconds: 0))
        let effects = try engine.reload(from: running, to: try Self.config("  expected_votes: 5"))
        #expect(Self.reconfigures(effects).map { "\($0.parameter.rawValue):\($0.value)" } == ["\(ReconfigureParameter.expectedVotes.rawValue):5"])
        #expect(engine.quorumState?.expectedVotes == 5)
        #expect(engine.configVersion == nil)

        #expect(Self.announced(effects) == ["NODEINFO(1)", "NODEINFO(0)", "RECONFIGURE(\(ReconfigureParameter.expectedVotes.rawValue):5)"])

        // As corosync, every reload re-announces this node (and the device), nothing more.
        let unchanged = try engine.reload(from: try Self.config("  expected_votes: 5"), to: try Self.config("  expected_votes: 5"))
        #expect(Self.announced(unchanged) == ["NODEINFO(1)", "NODEINFO(0)"])
        #expect(unchanged.count == 2)
    }

    @Test func expectedVotesFollowTheNodelistUnlessSetExplicitly() throws {
        let running = try Self.config()
        let grown = try Self.config(node4: true)
        #expect(grown.nodes.map(\.nodeID) == [1, 2, 3, 4])
        var engine = try EngineCore(config: running)
        _ = engine.start(now: Instant(nanoseconds: 0))
        let added = try engine.reload(from: running, to: grown)
        #expect(Self.reconfigures(added).map { "\($0.parameter.rawValue):\($0.value)" } == ["\(ReconfigureParameter.expectedVotes.rawValue):5"])
        #expect(engine.quorumState?.expectedVotes == 5)
        let removed = try engine.reload(from: grown, to: running)
        #expect(Self.reconfigures(removed).map(\.value) == [3])
        #expect(engine.quorumState?.expectedVotes == 3)

        var fixed = try EngineCore(config: try Self.config("  expected_votes: 6"))
        _ = fixed.start(now: Instant(nanoseconds: 0))
        let kept = try fixed.reload(from: try Self.config("  expected_votes: 6"), to: try Self.config("  expected_votes: 6", node4: true))
        #expect(Self.reconfigures(kept).isEmpty && Self.announced(kept) == ["NODEINFO(1)", "NODEINFO(0)"])
        #expect(fixed.quorumState?.expectedVotes == 6)
    }

    /// Runs one votequorum sync of nodes 1–3 into `engine` (node 1): the cluster is quorate
    /// with 3 votes present.
    static func formQuorateCluster(_ engine: inout EngineCore, _ config: TotemConfig) throws {
        let ring = RingID(rep: 1, seq: 4)
        let now = Instant(nanoseconds: 0)
        let options = VoteQuorumOptions(config: config)
        var peers: [VoteQuorumCore] = []
        for id in [NodeID(2), NodeID(3)] {
            var core = VoteQuorumCore(configuration: try options.resolve(localNodeID: id))
            _ = core.start()
            _ = core.syncInit(members: [1, 2, 3], ringID: ring, now: now)
            peers.append(core)
        }
        _ = engine.withQuorum { $0.syncInit(members: [1, 2, 3], ringID: ring, now: now) }
        var sent: [(NodeID, VoteQuorumMessage)] = []
        _ = engine.withQuorum { core in
            sent += core.syncProcess().messages.map { (NodeID(1), $0) }
            return []
        }
        for index in peers.indices { sent += peers[index].syncProcess().messages.map { (peers[index].nodeID, $0) } }
        for (sender, message) in sent { _ = engine.withQuorum { $0.receive(message, from: sender) } }
        _ = engine.withQuorum { $0.syncActivate() }
    }

    @Test func expectedVotesBelowTheVotesPresentAreTakenThenRaisedBackAsInCorosync() throws {
        let running = try Self.config()
        var engine = try EngineCore(config: running)
        _ = engine.start(now: Instant(nanoseconds: 0))
        try Self.formQuorateCluster(&engine, running)
        let before = try #require(engine.quorumState)
        #expect(before.quorate && before.totalVotes == 3)
        // expected_votes 1 (or a node listed out while still in the ring): corosync's reload
        // takes it unchecked and multicasts it; once delivered, the 3 votes present win.
        let effects = try engine.reload(from: running, to: try Self.config("  expected_votes: 1"))
        let sent = Self.reconfigures(effects)
        #expect(sent.map(\.value) == [1])
        for message in sent { _ = engine.withQuorum { $0.receive(.reconfigure(message), from: 1) } }
        #expect(engine.quorumState?.expectedVotes == 3)
        #expect(engine.quorumState?.quorate == true)
    }
}
