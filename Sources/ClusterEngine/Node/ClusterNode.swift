import CMap
import ClusterIPC
import CorosyncIPC
import Logging
import NodeCore
import ServiceLifecycle
import Synchronization
import Totem
import TotemRuntime
import VoteQuorum

/// One cluster node as an HA daemon embeds it: the node core (totem ring, corosync's sync,
/// votequorum, cpg and cfg) run on its ring thread, with a swift-service-lifecycle `Service`
/// around it.
///
/// ```swift
/// let node = try ClusterNode(configuration: try ConfigFile.load("/etc/corosync/corosync.conf"))
/// let group = ServiceGroup(services: [node], gracefulShutdownSignals: [.sigterm], logger: logger)
/// async let _ = group.run()
/// try await node.ready(timeout: .seconds(30))
/// for try await state in node.quorumStates() { ... }
/// ```
///
/// The node is a thin shell: every request (a multicast, a cpg join, a quorum change, a kill, a
/// reload) is posted to the ring thread, which alone owns the ``NodeCore``, and answered from
/// there; everything the core reports comes back on one ordered stream that ``run()`` fans out
/// to subscribers, cmap, the IPC server and the log. There is no lock around the core, no
/// timer besides the core's, and nothing polls.
///
/// On graceful shutdown (or cancellation) the node multicasts a LEAVE so the others re-form at
/// once. With an ``IPCServerConfiguration`` it also serves tools (`cfgtool`, `quorumtool`,
/// `cmapctl`) on `<run-dir>/totemd.sock` for as long as ``run()`` runs.
public final class ClusterNode: Service, Sendable {
    /// The running configuration (the loaded one, or the last one a reload applied).
    public var configuration: TotemConfig { currentConfiguration.withLock { $0 } }
    let currentConfiguration: Mutex<TotemConfig>
    /// This node.
    public let nodeID: NodeID
    /// The file a reload (`cfgtool -R`, RELOAD_CONFIG) re-reads; nil: reloads are refused.
    let configurationFile: String?
    /// `cfgtool -R` requests waiting for their RELOAD_CONFIG to be delivered.
    let reloadWaiters = ReloadWaiters()
    let runtime: RingRuntime<NodeCore>
    let logger: Logger
    let ipc: IPCServerConfiguration?
    let stateDirectory: String?
    /// The node's cmap: configuration, `runtime.*` keys kept current, and what clients set.
    public let cmap = CMap()
    /// The quorum states as they change, for IPC clients that track the quorum.
    public let quorumFeed = QuorumStatusFeed()
    /// The stock libquorum and libvotequorum clients tracking quorum changes.
    let corosyncQuorumTrackers = CorosyncQuorumTrackers()
    /// The IPC server's open and closed connections (`stats.ipcs.global.*`).
    let ipcConnections = IPCConnectionCounts()
    /// The daemon's logging outputs, which a reload reconfigures and `cfgtool -L` reopens (nil:
    /// the embedder logs on its own).
    let logOutputs: LogOutputs?
    /// What the node shows: the last completed configuration and its quorum.
    let shown: Mutex<NodeStatus>
    let streams = NodeStreams()
    /// The libqb server of stock corosync clients while ``run()`` runs (nil: not served); it
    /// admits clients once the first sync completed.
    let corosyncServer = Mutex<CorosyncIPCServer?>(nil)
    /// The event streams of local closed process group members (see ``join(group:pid:)``).
    let cpgRoutes = Mutex<[CPGRouteKey: [AsyncStream<CPGEvent>.Continuation]]>([:])

    /// Prepares a node; nothing is bound until ``run()``.
    /// - Parameters:
    ///   - configuration: the loaded corosync.conf.
    ///   - stateDirectory: where the `ringid_<nodeid>` and `ev_tracking` files live (nil:
    ///     memory only).
    ///   - ipc: where to serve tools (nil: no IPC server, for embedders that need none).
    ///   - logger: where the node logs, in corosync's words and subsystems (metadata `subsys`).
    ///   - configurationFile: the corosync.conf a reload re-reads (nil: reloads are refused).
    ///   - logOutputs: where `logger` writes, which a reload reconfigures from the new `logging`
    ///     section and `cfgtool -L` reopens (nil: none).
    /// - Throws: `VoteQuorumConfigurationError` when votequorum refuses the `quorum` section
    ///   (corosync refuses to start, status 20), ``ClusterNodeError/cannotStart(_:)``.
    public init(
        configuration: TotemConfig, stateDirectory: String?, ipc: IPCServerConfiguration? = nil,
        logger: Logger = Logger(label: "totemd"), configurationFile: String? = nil, logOutputs: LogOutputs? = nil
    ) throws {
        self.logOutputs = logOutputs
        currentConfiguration = Mutex(configuration)
        nodeID = configuration.localNode.nodeID
        self.configurationFile = configurationFile
        self.logger = logger
        self.ipc = ipc
        self.stateDirectory = stateDirectory
        // Validated here, so that a bad quorum section fails before anything is bound.
        let prototype = try NodeCore(
            config: configuration, persistedRingSeq: 0, trackedExpectedVotes: Self.loadExpectedVotes(stateDirectory))
        shown = Mutex(prototype.status)
        let peers = TotemRingOptions(config: configuration, stateDirectory: stateDirectory).peers
        do throws(SocketError) {
            runtime = try RingRuntime(
                nodeID: nodeID, transport: UDPUTransport.Factory(nodeID: nodeID, peers: peers),
                stateDirectory: stateDirectory
            ) { seq in
                var core = prototype
                core.restore(persistedRingSeq: seq)
                return core
            }
        } catch {
            throw ClusterNodeError.cannotStart("\(error)")
        }
        cmap.update(NodeCMapKeys.configuration(configuration).map { ($0.key, $0.value) })
        cmap.update(prototype.initialCMapKeys.map { ($0.key, $0.value) })
        watchCancelWaitForAllKey()
    }

    /// Submits a message for ordered delivery to every member of `group` (this node included),
    /// waiting while the ring's send queue is full. A message to corosync's services group
    /// `"a"` counts as this node's service message.
    /// - Throws: ``ClusterNodeError/messageTooLarge(size:limit:)``, ``ClusterNodeError/notRunning``.
    public func multicast(
        _ payload: [UInt8], group: String, guarantee: Guarantee = .agreed
    ) async throws(ClusterNodeError) {
        let groupName = Array(group.utf8)
        let outcome: SubmitError?
        do throws(RingStoppedError) {
            outcome = try await runtime.performWhenRoom { core, now, effects -> RingRequestOutcome<SubmitError?> in
                do throws(SubmitError) {
                    effects += try core.submit(payload, group: groupName, guarantee: guarantee, now: now)
                    return .answer(nil)
                } catch {
                    return error == .queueFull ? .retryLater : .answer(error)
                }
            }
        } catch {
            throw .notRunning
        }
        switch outcome {
        case nil: return
        case .messageTooLarge(let size, let limit)?: throw .messageTooLarge(size: size, limit: limit)
        case .stopped?, .queueFull?: throw .notRunning
        }
    }

    /// The ring's latest status (membership state, ring, counters), copied from the ring thread
    /// at every membership change and otherwise at most every 20 ms.
    public var status: TotemRingStatus { runtime.status }

    /// What the node shows tools and snapshots: the last completed configuration (members and
    /// ring id once its sync finished) with its quorum state (see ``NodeStatus``).
    public var nodeStatus: NodeStatus { shown.withLock { $0 } }

    /// The latest quorum state as tools show it (nil without votequorum): that of the last
    /// completed configuration, with votes changed since then.
    public var quorumState: QuorumState? { nodeStatus.quorum }
}
