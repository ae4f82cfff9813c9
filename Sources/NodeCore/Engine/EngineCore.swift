import Totem
import VoteQuorum

/// Everything above the totem ring that a member of a corosync cluster must run, as a pure
/// state machine: the service multiplexing of group `"a"`, the sync barrier protocol of group
/// `"sync"`, and votequorum. It is fed the ring's configuration changes and deliveries (in
/// order) and answers with ``EngineEffect``s; the owner multicasts in the order given.
///
/// In each sync this node takes part in every phase stock corosync runs (cmap 0, cpg 2,
/// quorum 3, votequorum 5), sending what a stock node sends: the cmap `totem.config_version`
/// item, a cpg DOWNLIST (and a JOINLIST when local processes joined groups, see ``CPGService``),
/// nothing for quorum, and votequorum's NODEINFOs, each before its barrier.
public struct EngineCore: Sendable {
    /// This node.
    public let myID: NodeID
    /// `totem.config_version` if the configuration sets it (a reload may change it).
    public internal(set) var configVersion: UInt64?
    /// The sync protocol.
    public private(set) var sync: SyncEngine
    /// votequorum (nil when `quorum.provider` is not corosync_votequorum).
    public private(set) var quorum: VoteQuorumCore?
    /// The closed process group service.
    public internal(set) var cpg: CPGService
    /// cpg messages of local members held while a sync runs (stock nodes hold them too).
    var cpgHeld: [[UInt8]] = []
    var previousMembers: [NodeID] = []
    var currentMembers: [NodeID] = []

    /// Creates the engine; with `quorumConfiguration` (already resolved for this node) it runs
    /// votequorum and advertises corosync's default service list [0, 2, 3, 5], without it
    /// [0, 2] (cmap and cpg, as a stock node without a quorum provider).
    public init(myID: NodeID, quorumConfiguration: VoteQuorumConfiguration?, trackedExpectedVotes: UInt32 = 0, configVersion: UInt64?) {
        self.myID = myID
        self.configVersion = configVersion
        cpg = CPGService(myID: myID)
        sync = SyncEngine(myID: myID, localServices: quorumConfiguration == nil ? [0, 2] : [0, 2, 3, 5])
        quorum = quorumConfiguration.map { VoteQuorumCore(configuration: $0, trackedExpectedVotes: trackedExpectedVotes) }
    }

    /// Starts votequorum (its first NODEINFO, queued before the first ring as corosync does).
    public mutating func start(now: Instant) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        if let started = quorum?.start() { translate(started, into: &effects) }
        return effects
    }

    /// Feeds a configuration change of the ring.
    public mutating func configurationChanged(_ change: ConfigurationChange, now: Instant) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        if change.kind == .regular {
            previousMembers = currentMembers
            currentMembers = change.members
        }
        for action in sync.configurationChanged(change) { perform(action, now: now, effects: &effects) }
        return effects
    }

    /// Feeds an application message delivered by the ring.
    public mutating func delivered(_ message: DeliveredMessage, now: Instant) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        if message.groups.contains(GroupHeader.sync) {
            if let decoded = try? SyncMessage.decode(message.payload) {
                for action in sync.receive(decoded, from: message.sender) { perform(action, now: now, effects: &effects) }
            }
        }
        if message.groups.contains(GroupHeader.services) {
            dispatchService(message, now: now, effects: &effects)
        }
        return effects
    }

    /// Fires votequorum's timer (last_man_standing window) when due.
    public mutating func handleTimeout(now: Instant) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        if let fired = quorum?.handleTimeout(now: now) { translate(fired, into: &effects) }
        return effects
    }

    /// The earliest deadline of the engine's timers.
    public var nextDeadline: Instant? { quorum?.nextDeadline }

    /// The current quorum state (nil without votequorum).
    public var quorumState: QuorumState? { quorum?.state }

    /// Runs `body` against votequorum for a local request (set expected votes, votes...);
    /// nothing happens without votequorum.
    public mutating func withQuorum<E: Error>(_ body: (inout VoteQuorumCore) throws(E) -> [VoteQuorumEffect]) throws(E) -> [EngineEffect] {
        var effects: [EngineEffect] = []
        guard var core = quorum else { return effects }
        let produced = try body(&core)
        quorum = core
        translate(produced, into: &effects)
        return effects
    }

    // MARK: Internals

    mutating func dispatchService(_ message: DeliveredMessage, now: Instant, effects: inout [EngineEffect]) {
        guard let header = try? ServiceHeader.decode(message.payload) else { return }
        switch header.service {
        case ServiceMessages.Service.votequorum:
            if let received = quorum?.receive(bytes: message.payload, swapped: false, from: message.sender) {
                translate(received, into: &effects)
            }
        case ServiceMessages.Service.cfg:
            handleCfg(message, function: header.function, effects: &effects)
        case ServiceMessages.Service.cpg:
            handleCPG(message, effects: &effects)
        default:
            break  // cmap, pload, unknown services: nothing this node must act on yet.
        }
    }

    mutating func handleCfg(_ message: DeliveredMessage, function: UInt16, effects: inout [EngineEffect]) {
        var reader = WireReader(message.payload, offset: ServiceHeader.size)
        switch function {
        case 1:  // KILLNODE: u32 nodeid @16, reason length u16 @24, reason @32
            guard let target = try? reader.nodeID(), target == myID else { return }
            var reason = "Killed by node \(message.sender)"
            if (try? reader.skip(4)) != nil, let length = try? reader.u16(), (try? reader.skip(6)) != nil,
                let bytes = try? reader.bytes(Int(min(length, 256)))
            {
                reason = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            effects.append(.killed(by: message.sender, reason: reason))
        case 2:  // SHUTDOWN: header only; the sender goes down once it is delivered
            effects.append(.log(subsystem: "CFG", message: "Node \(message.sender) was shut down by sysadmin"))
            if message.sender == myID { effects.append(.shutdownRequested) }
        case 3:  // RELOAD_CONFIG: u32 nodeid @16 + 4 pad, opaque u64 @24 (ours: the waiting request)
            effects.append(.log(subsystem: "CFG", message: "Config reload requested by node \(message.sender)"))
            var token: UInt64?
            if message.sender == myID, let source = try? reader.nodeID(), source == myID, (try? reader.skip(4)) != nil {
                token = try? reader.u64()
            }
            effects.append(.reloadRequested(by: message.sender, token: token))
        default:
            break
        }
    }

    mutating func perform(_ action: SyncEngine.Action, now: Instant, effects: inout [EngineEffect]) {
        switch action {
        case .multicast(let message):
            effects.append(.multicast(group: GroupHeader.sync, payload: message.encode(), guarantee: .agreed))
        case .initialize(let members, let transitional, let ringID):
            let joined = members.filter { !transitional.contains($0) }
            let left = previousMembers.filter { !members.contains($0) }
            effects.append(.log(subsystem: "QUORUM", message: "Sync members[\(members.count)]: \(Self.list(members))"))
            if !joined.isEmpty { effects.append(.log(subsystem: "QUORUM", message: "Sync joined[\(joined.count)]: \(Self.list(joined))")) }
            if !left.isEmpty { effects.append(.log(subsystem: "QUORUM", message: "Sync left[\(left.count)]: \(Self.list(left))")) }
            cpg.syncInit(members: members, transitional: transitional)
            if let initialized = quorum?.syncInit(members: members, ringID: ringID, now: now) {
                translate(initialized, into: &effects)
            }
        case .process(let service):
            switch service {
            case 0:
                effects.append(.multicast(group: GroupHeader.services, payload: ServiceMessages.cmapConfigVersionSync(configVersion: configVersion), guarantee: .agreed))
            case 2:
                for message in cpg.syncProcess() {
                    effects.append(.multicast(group: GroupHeader.services, payload: message.encode(), guarantee: .agreed))
                }
            case 5:
                for message in quorum?.syncProcess().messages ?? [] {
                    effects.append(.multicast(group: GroupHeader.services, payload: message.encode(), guarantee: .agreed))
                }
            default:
                break
            }
            for next in sync.serviceProcessed() { perform(next, now: now, effects: &effects) }
        case .activate(let service):
            if service == 2 { effects += cpg.syncActivate().map(EngineEffect.cpg) }
            if service == 5, let activated = quorum?.syncActivate() { translate(activated, into: &effects) }
        case .completed(let ringID):
            effects.append(.log(subsystem: "MAIN", message: "Completed service synchronization, ready to provide service."))
            effects.append(.syncCompleted(ringID))
            releaseHeldCPGMessages(into: &effects)
        }
    }

    mutating func translate(_ quorumEffects: [VoteQuorumEffect], into effects: inout [EngineEffect]) {
        for effect in quorumEffects {
            switch effect {
            case .multicast(let message):
                effects.append(.multicast(group: GroupHeader.services, payload: message.encode(), guarantee: .agreed))
            case .quorumChanged(let state):
                effects.append(.quorumChanged(state))
            case .expectedVotesChanged:
                break
            case .persistExpectedVotesBarrier(let value):
                effects.append(.persistExpectedVotes(value))
            case .notice(let notice):
                effects.append(.log(subsystem: "VOTEQ", message: Self.describe(notice)))
            case .dropped:
                break
            }
        }
    }

    static func list(_ nodes: [NodeID]) -> String { nodes.map(\.description).joined(separator: " ") }

    static func describe(_ notice: VoteQuorumNotice) -> String {
        switch notice {
        case .waitingForAllMembers(let votes, let expected):
            "Waiting for all cluster members. Current votes: \(votes) expected_votes: \(expected)"
        case .lastManStandingDisabled(let node, let votes):
            "last_man_standing disabled: node \(node) has \(votes) votes"
        case .waitForAllCancelled(let node):
            "wait_for_all cancelled by node \(node)"
        case .twoNodeDisabledByAutoTieBreaker:
            VoteQuorumWarning.twoNodeDisabledByAutoTieBreaker.description
        }
    }
}
