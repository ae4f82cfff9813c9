import ClusterIPC
import Logging
import ServiceLifecycle
import Synchronization
import Totem

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
/// ``IPCServerConfiguration`` the node also serves tools (`cfgtool`) on `<run-dir>/totemd.sock`
/// for as long as ``run()`` runs.
public final class ClusterNode: Service, IPCStatusProvider, Sendable {
    /// The loaded configuration.
    public let configuration: TotemConfig
    /// Membership changes and delivered messages, in order.
    public let events: AsyncStream<ClusterEvent>
    private let continuation: AsyncStream<ClusterEvent>.Continuation
    private let ring: TotemRing
    private let logger: Logger
    private let ipc: IPCServerConfiguration?

    /// Prepares a node; nothing is bound until ``run()``.
    /// - Parameters:
    ///   - configuration: the loaded corosync.conf.
    ///   - stateDirectory: where the `ringid_<nodeid>` file lives (nil: memory only).
    ///   - ipc: where to serve tools (nil: no IPC server, for embedders that need none).
    ///   - logger: where membership changes are logged (corosync's words).
    public init(
        configuration: TotemConfig, stateDirectory: String?, ipc: IPCServerConfiguration? = nil,
        logger: Logger = Logger(label: "totemd")
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.ipc = ipc
        ring = try TotemRing(options: TotemRingOptions(config: configuration, stateDirectory: stateDirectory))
        (events, continuation) = AsyncStream<ClusterEvent>.makeStream(bufferingPolicy: .unbounded)
    }

    /// Binds the IPC socket (when configured), starts the ring and runs until graceful shutdown
    /// (then leaves) or a fatal ring error; the IPC server stops and its socket file is removed
    /// when the ring has stopped.
    public func run() async throws {
        guard let ipc else { return try await runRing() }
        var ipcLogger = logger
        ipcLogger[metadataKey: "subsys"] = "IPC"
        let server = try await IPCServer.bind(ipc, provider: self, logger: ipcLogger)
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

    private func runRing() async throws {
        try ring.start()
        var log = logger
        log[metadataKey: "subsys"] = "TOTEM"
        log.notice("Initializing transport (UDP/IP Unicast).")
        try await withGracefulShutdownHandler {
            for await event in ring.events {
                switch event {
                case .configuration(let change):
                    if change.kind == .regular {
                        log.notice("\(MembershipLog.newMembership(change))")
                        var quorumLog = logger
                        quorumLog[metadataKey: "subsys"] = "QUORUM"
                        quorumLog.notice("\(MembershipLog.members(change))")
                    }
                    continuation.yield(.membership(change))
                case .delivered(let message):
                    continuation.yield(.delivered(message))
                case .stopped(let reason):
                    continuation.finish()
                    if let reason { throw ClusterNodeError(message: reason) }
                    return
                }
            }
        } onGracefulShutdown: { [ring] in
            Task { await ring.leave() }
        }
    }

    /// Submits a message for ordered delivery to every member of `group`.
    public func multicast(_ payload: [UInt8], group: String, guarantee: Guarantee = .agreed) async throws(SubmitError) {
        try await ring.multicast(payload, group: Array(group.utf8), guarantee: guarantee)
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
