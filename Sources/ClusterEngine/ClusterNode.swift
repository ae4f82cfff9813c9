import CMap
import ClusterIPC
import Logging
import ServiceLifecycle
import Synchronization
import Totem
import VoteQuorum

/// One cluster node as an HA daemon embeds it: the totem ring (and, as they arrive, votequorum
/// and cmap), run as a swift-service-lifecycle `Service`.
///
/// ```swift
/// let node = try ClusterNode(configuration: try ConfigFile.load("/etc/corosync/corosync.conf"))
/// let group = ServiceGroup(services: [node], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// async let _ = group.run()
/// for await event in node.events { ... }
/// ```
/// On graceful shutdown the node multicasts a LEAVE so the others re-form at once. With an
/// ``IPCServerConfiguration`` the node also serves tools (`cfgtool`, `quorumtool`) on
/// `<run-dir>/totemd.sock` for as long as ``run()`` runs. Closed process groups shared with
/// libcpg clients on stock nodes: ``join(group:pid:)`` (Docs/CPG.md).
public final class ClusterNode: Service, IPCStatusProvider, IPCQuorumProvider, IPCQuorumControl, IPCReloadControl, IPCNodeAdmin, Sendable {
    /// The running configuration (the loaded one, or the last one a reload applied).
    public var configuration: TotemConfig { currentConfiguration.withLock { $0 } }
    let currentConfiguration: Mutex<TotemConfig>
    /// The file a reload (`cfgtool -R`, RELOAD_CONFIG) re-reads; nil: reloads are refused.
    let configurationFile: String?
    /// `cfgtool -R` requests waiting for their RELOAD_CONFIG to be delivered.
    let reloadWaiters = ReloadWaiters()
    /// Set once `cfgtool -H` was granted: a second request gets `CS_ERR_EXIST`.
    let shutdownStarted = Mutex(false)
    /// Membership changes and delivered messages, in order.
    public let events: AsyncStream<ClusterEvent>
    private let continuation: AsyncStream<ClusterEvent>.Continuation
    let ring: TotemRing
    let logger: Logger
    private let ipc: IPCServerConfiguration?
    let engine: Mutex<EngineCore>
    /// The event streams of local closed process group members (see ``join(group:pid:)``).
    let cpgRoutes = Mutex<[CPGRouteKey: AsyncStream<CPGEvent>.Continuation]>([:])
    /// Keeps the ring's and the cpg members' effect batches in engine order.
    let sequencer = EffectSequencer()
    private let latestQuorum = Mutex<QuorumState?>(nil)
    private let stateDirectory: String?
    /// The node's cmap: configuration, `runtime.*` keys kept current, and what clients set.
    public let cmap = CMap()
    let memberKeys: Mutex<MemberKeys>
    /// The quorum states as they change, for IPC clients that track the quorum.
    public let quorumFeed = QuorumStatusFeed()
    /// The `runtime.services.<name>.<fn>.rx/tx` counters of the services this node runs.
    let execCounters: ExecServiceCounters
    /// The IPC server's open and closed connections (`stats.ipcs.global.*`).
    let ipcConnections = IPCConnectionCounts()
    /// The daemon's logging outputs, which a reload reconfigures and `cfgtool -L` reopens (nil:
    /// the embedder logs on its own).
    let logOutputs: LogOutputs?

    /// Prepares a node; nothing is bound until ``run()``.
    /// - Parameters:
    ///   - configuration: the loaded corosync.conf.
    ///   - stateDirectory: where the `ringid_<nodeid>` file lives (nil: memory only).
    ///   - ipc: where to serve tools (nil: no IPC server, for embedders that need none).
    ///   - logger: where membership changes are logged (corosync's words).
    ///   - configurationFile: the corosync.conf a reload re-reads (nil: reloads are refused).
    ///   - logOutputs: where `logger` writes, which a reload reconfigures from the new `logging`
    ///     section and `cfgtool -L` reopens (nil: none).
    public init(
        configuration: TotemConfig, stateDirectory: String?, ipc: IPCServerConfiguration? = nil,
        logger: Logger = Logger(label: "totemd"), configurationFile: String? = nil, logOutputs: LogOutputs? = nil
    ) throws {
        self.logOutputs = logOutputs
        currentConfiguration = Mutex(configuration)
        self.configurationFile = configurationFile
        self.logger = logger
        self.ipc = ipc
        self.stateDirectory = stateDirectory
        let core = try EngineCore(config: configuration, trackedExpectedVotes: Self.loadExpectedVotes(stateDirectory))
        engine = Mutex(core)
        execCounters = ExecServiceCounters(services: core.services)
        ring = try TotemRing(options: TotemRingOptions(config: configuration, stateDirectory: stateDirectory))
        (events, continuation) = AsyncStream<ClusterEvent>.makeStream(bufferingPolicy: .unbounded)
        memberKeys = Mutex(MemberKeys(configuration: configuration))
        cmap.update(NodeCMapKeys.configuration(configuration).map { ($0.key, $0.value) })
        cmap.update(execCounters.initialKeys.map { ($0.key, $0.value) })
        watchCancelWaitForAllKey()
    }

    /// Binds the IPC socket (when configured), starts the ring and runs until graceful shutdown
    /// (then leaves) or a fatal ring error; the IPC server stops and its socket file is removed
    /// when the ring has stopped.
    public func run() async throws {
        guard let ipc else { return try await runRing() }
        var ipcLogger = logger
        ipcLogger[metadataKey: "subsys"] = "IPC"
        let server = try await IPCServer.bind(
            ipc, provider: self, quorum: self, control: self, cmap: cmapService, reload: self, admin: self,
            connections: ipcConnections, logger: ipcLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            do {
                try await runRing()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// The IPC view of the ring: nodelist, membership, SRP counters.
    public func ringStatusInfo() -> RingStatusInfo {
        RingStatusReport.make(status: ring.status, configuration: configuration)
    }

    /// The IPC view of the quorum: votequorum's current state (not the last notified one, so a
    /// delivered RECONFIGURE shows at once, as `votequorum_getinfo` answers), with nodelist names.
    public func quorumStatusInfo() -> QuorumStatusInfo {
        let state = engine.withLock { $0.quorumState }
        return QuorumStatusReport.make(state: state, ring: ring.status, configuration: configuration)
    }

    /// `corosync-quorumtool -e N`: runs votequorum's request and multicasts the RECONFIGURE it
    /// produces; returns once the message is queued (every node, this one included, applies it
    /// when the ring delivers it).
    /// - Throws: ``QuorumRequestError/refused(_:)`` when votequorum refuses the value,
    ///   ``QuorumRequestError/noVoteQuorum`` without votequorum.
    public func setExpectedVotes(_ expected: UInt32) async throws(QuorumRequestError) {
        try await runQuorumRequest { core throws(VoteQuorumRequestError) in try core.setExpectedVotes(expected) }
    }

    /// `corosync-quorumtool [-n N] -v V`: as ``setExpectedVotes(_:)`` for node `node`'s votes
    /// (node 0 is the quorum device).
    public func setVotes(_ votes: UInt32, of node: NodeID) async throws(QuorumRequestError) {
        try await runQuorumRequest { core throws(VoteQuorumRequestError) in try core.setVotes(votes, of: node) }
    }

    /// Cancels wait_for_all on every node (corosync's `quorum.cancel_wait_for_all`): multicasts
    /// RECONFIGURE(CANCEL_WFA); it applies when the ring delivers it.
    public func cancelWaitForAll() async throws(QuorumRequestError) {
        try await runQuorumRequest { core in core.cancelWaitForAll() }
    }

    /// Runs a local votequorum request under the engine's lock, then applies its effects
    /// through the same path as the ring's events.
    private func runQuorumRequest(
        _ request: (inout VoteQuorumCore) throws(VoteQuorumRequestError) -> [VoteQuorumEffect]
    ) async throws(QuorumRequestError) {
        let effects = try engine.withLock { core throws(QuorumRequestError) -> [EngineEffect] in
            guard core.quorum != nil else { throw .noVoteQuorum }
            do throws(VoteQuorumRequestError) {
                return try core.withQuorum(request)
            } catch {
                throw .refused(error)
            }
        }
        do {
            try await apply(effects)
        } catch {
            throw .ringUnavailable("\(error)")
        }
        publishQuorum()
    }

    /// Publishes the quorum status to tracking IPC clients once the engine is settled (no sync
    /// running), so a change of votes or expected votes is seen even when quorate stays put.
    private func publishQuorum() {
        let (state, settled) = engine.withLock { ($0.quorumState, $0.sync.isComplete) }
        guard settled else { return }
        quorumFeed.publish(QuorumStatusReport.make(state: state, ring: ring.status, configuration: configuration))
    }

    private func runRing() async throws {
        try ring.start()
        var log = logger
        log[metadataKey: "subsys"] = "TOTEM"
        log.notice("Initializing transport (UDP/IP Unicast).")
        try await apply(engine.withLock { $0.start(now: MonotonicClock.now()) })
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.runEngineTimers() }
                defer { group.cancelAll() }
                for await event in ring.events {
                    switch event {
                    case .configuration(let change):
                        if change.kind == .regular { log.notice("\(MembershipLog.newMembership(change))") }
                        continuation.yield(.membership(change))
                        publishMembership(change)
                        try await applyInOrder { $0.configurationChanged(change, now: MonotonicClock.now()) }
                        publishQuorum()
                    case .delivered(let message):
                        if message.groups.contains(GroupHeader.sync) || message.groups.contains(GroupHeader.services) {
                            publishServiceMessage(message)
                            try await applyInOrder { $0.delivered(message, now: MonotonicClock.now()) }
                            publishQuorum()
                        } else {
                            continuation.yield(.delivered(message))
                        }
                    case .stopped(let reason):
                        continuation.finish()
                        finishCPGRoutes()
                        quorumFeed.finish()
                        if let reason { throw ClusterNodeError(message: reason) }
                        return
                    }
                }
            }
        } onGracefulShutdown: { [ring] in
            Task { await ring.leave() }
        }
    }

    /// Fires the engine's timers (votequorum's last_man_standing window).
    private func runEngineTimers() async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(50))
            let now = MonotonicClock.now()
            let effects = engine.withLock { core -> [EngineEffect] in
                guard let deadline = core.nextDeadline, deadline <= now else { return [] }
                return core.handleTimeout(now: now)
            }
            try await apply(effects)
            if !effects.isEmpty { publishQuorum() }
        }
    }

    /// Carries out the engine's effects in order.
    func apply(_ effects: [EngineEffect]) async throws {
        for effect in effects {
            switch effect {
            case .multicast(let group, let payload, let guarantee):
                try await submit(payload, group: group, guarantee: guarantee)
            case .quorumChanged(let state):
                let previous = latestQuorum.withLock { latest in
                    defer { latest = state }
                    return latest
                }
                var quorumLog = logger
                quorumLog[metadataKey: "subsys"] = "QUORUM"
                if previous?.quorate != state.quorate {
                    quorumLog.notice(state.quorate
                        ? "This node is within the primary component and will provide service."
                        : "This node is within the non-primary component and will NOT provide any services.")
                }
                let members = state.members.filter { $0.state == .member }.map(\.nodeID)
                quorumLog.notice("Members[\(members.count)]: \(members.map(\.description).joined(separator: " "))")
                publishVoteQuorumKeys(state)
                continuation.yield(.quorum(state))
            case .log(let subsystem, let message):
                var entry = logger
                entry[metadataKey: "subsys"] = "\(subsystem)"
                entry.notice("\(message)")
            case .syncCompleted:
                break
            case .killed(let sender, let reason):
                throw ClusterNodeError(message: "Killed by node \(sender) : \(reason)")
            case .shutdownRequested:
                leaveForShutdown()
            case .reloadRequested(_, let token):
                let outcome = await performReload()
                if let token { reloadWaiters.resume(token, with: outcome) }
            case .persistExpectedVotes(let value):
                Self.storeExpectedVotes(value, in: stateDirectory)
            case .cpg(let delivery):
                route(delivery)
            }
        }
    }

    /// Multicasts one internal message, waiting while the send queue is full; a service
    /// message counts in `runtime.services.<name>.<fn>.tx` once queued.
    func submit(_ payload: [UInt8], group: [UInt8], guarantee: Guarantee) async throws {
        while true {
            do {
                try await ring.multicast(payload, group: group, guarantee: guarantee)
                if group == GroupHeader.services { countExec(payload, .sent) }
                return
            } catch .queueFull {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                throw ClusterNodeError(message: "cannot multicast: \(error)")
            }
        }
    }

    /// The latest quorum state (nil before the first sync completed, or without votequorum).
    public var quorumState: QuorumState? { latestQuorum.withLock { $0 } }

    /// Submits a message for ordered delivery to every member of `group` (a service message
    /// sent to corosync's services group `"a"` counts as this node's, as ``submit(_:group:guarantee:)``).
    public func multicast(_ payload: [UInt8], group: String, guarantee: Guarantee = .agreed) async throws(SubmitError) {
        let groupName = Array(group.utf8)
        try await ring.multicast(payload, group: groupName, guarantee: guarantee)
        if groupName == GroupHeader.services { countExec(payload, .sent) }
    }

    /// The ring's latest status.
    public var status: TotemRingStatus { ring.status }
}

/// A fatal error of a running node.
public struct ClusterNodeError: Error, CustomStringConvertible, Sendable {
    /// What happened.
    public let message: String
    /// The message.
    public var description: String { message }
}
