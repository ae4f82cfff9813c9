import ClusterIPC
import Glibc
import Logging
import NIOCore
import NIOPosix
import NodeCore
import Totem

/// totemd's local IPC server: a Unix stream socket at `<run-dir>/totemd.sock` (mode 0600)
/// speaking the protocol of `Docs/IPC.md`, answering from an ``IPCStatusProvider`` (cfg calls)
/// and an ``IPCQuorumProvider`` (quorum and votequorum calls; without one they get
/// `CS_ERR_NOT_SUPPORTED`).
///
/// ```swift
/// let server = try await IPCServer.bind(IPCServerConfiguration(runDirectory: "/run/totemd"), provider: node, quorum: node, logger: logger)
/// try await server.run()      // until the task is cancelled; removes the socket file on return
/// ```
///
/// Each connection is served by its own child task through a pure ``IPCServerSession``: a
/// malformed frame gets an error reply (and, when framing is lost, the connection is closed),
/// while other connections keep being served. Peers are checked at accept (`IPCAdmission`):
/// one whose uid is not allowed, or beyond the connection caps, is sent `CS_ERR_ACCESS` or
/// `CS_ERR_TRY_AGAIN` unasked and closed at once (or when its request arrives, see
/// `IPCRefusalHandler`). Accept errors (no descriptor left) pause
/// accepting for 100 ms and never stop the listener.
///
/// With an ``IPCQuorumControl`` a connection may also track the quorum (`trackQuorum`): its
/// ``IPCQuorumTracker`` pushes a ``QuorumNotification`` from the control's ``QuorumStatusFeed``
/// on every change, from a child task of the connection, until `stopQuorumTracking` or the
/// connection closes.
public final class IPCServer: Sendable {
    /// The configuration it was bound with.
    public let configuration: IPCServerConfiguration
    private let listener: NIOAsyncChannel<IPCAccepted, Never>
    /// Admitted sockets not yet claimed by the accept loop.
    private let pending: IPCPendingConnections
    private let provider: any IPCStatusProvider
    private let quorum: (any IPCQuorumProvider)?
    private let cmap: CMapService?
    private let control: (any IPCQuorumControl)?
    private let reload: (any IPCReloadControl)?
    /// Serves `cfgtool -k` and `-H` (nil: `CS_ERR_NOT_SUPPORTED`).
    let admin: (any IPCNodeAdmin)?
    /// Open and closed client connections (authorized peers only).
    public let connections: IPCConnectionCounts
    /// The per-uid and global caps, with the slots taken now.
    public let limits: IPCConnectionLimits
    let logger: Logger

    private init(
        configuration: IPCServerConfiguration, listener: NIOAsyncChannel<IPCAccepted, Never>,
        pending: IPCPendingConnections, provider: any IPCStatusProvider, quorum: (any IPCQuorumProvider)?,
        control: (any IPCQuorumControl)?,
        cmap: CMapService?, reload: (any IPCReloadControl)?, admin: (any IPCNodeAdmin)?,
        connections: IPCConnectionCounts, limits: IPCConnectionLimits, logger: Logger
    ) {
        self.connections = connections
        self.limits = limits
        self.reload = reload
        self.admin = admin
        self.configuration = configuration
        self.listener = listener
        self.pending = pending
        self.provider = provider
        self.quorum = quorum
        self.cmap = cmap
        self.control = control
        self.logger = logger
    }

    /// Creates the run directory (0755), removes a stale socket file (refusing if a daemon still
    /// answers there), binds the socket and restricts it to mode 0600. With `control`, quorum
    /// tracking and the cancellation of wait_for_all are served too. With a cmap service the
    /// socket is mode 0666 and each peer's credentials decide (root, or the `uidgid` keys), as
    /// corosync's IPC. With `reload`, `cfgtool -R` is served (``IPCRequest/reloadConfig``); with
    /// `admin`, `cfgtool -k` and `-H` (``IPCRequest/killNode(nodeID:reason:)``, ``IPCRequest/shutdown(_:)``).
    /// Accepted clients are counted in `connections` (the stats map's `stats.ipcs.global.*`).
    public static func bind(
        _ configuration: IPCServerConfiguration, provider: any IPCStatusProvider,
        quorum: (any IPCQuorumProvider)? = nil, control: (any IPCQuorumControl)? = nil,
        cmap: CMapService? = nil, reload: (any IPCReloadControl)? = nil, admin: (any IPCNodeAdmin)? = nil,
        connections: IPCConnectionCounts = IPCConnectionCounts(), logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> IPCServer {
        let path = configuration.socketPath
        try SocketFiles.makeDirectory(configuration.runDirectory)
        try SocketFiles.removeStale(path)
        let limits = IPCConnectionLimits(
            maxPerUID: configuration.maxConnectionsPerUID, maxTotal: configuration.maxConnections,
            uncapped: configuration.uncappedUIDs)
        let pending = IPCPendingConnections()
        let admission = IPCAdmission(
            allowedUIDs: configuration.allowedUIDs, cmap: cmap, limits: limits,
            refusals: IPCRefusalLog(interval: configuration.refusalLogInterval), pending: pending, logger: logger)
        let acceptErrors = IPCRefusalLog(interval: configuration.refusalLogInterval)
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            // Nothing is read from a socket before the accept loop wraps it (IPCPendingConnections).
            .childChannelOption(.autoRead, value: false)
            .serverChannelInitializer { channel in
                // Ahead of NIO's own (1 s) backoff: on EMFILE/ENFILE the listener stays open and
                // accepting resumes after 100 ms, so a freed descriptor serves the next client soon.
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        AcceptBackoffHandler(shouldForwardIOErrorCaught: false) { error in
                            if let suppressed = acceptErrors.shouldLog(uid: 0) {
                                logger.warning(
                                    "IPC cannot accept a client: \(error)",
                                    metadata: ["ipc.suppressed": "\(suppressed)"])
                            }
                            return .milliseconds(100)
                        })
                }
            }
            .bind(unixDomainSocketPath: path) { channel in admission.accept(channel) }
        do {
            try SocketFiles.restrict(path, mode: cmap == nil ? 0o600 : 0o666)
        } catch {
            try? await listener.channel.close()
            SocketFiles.remove(path)
            throw error
        }
        return IPCServer(
            configuration: configuration, listener: listener, pending: pending, provider: provider, quorum: quorum,
            control: control,
            cmap: cmap, reload: reload, admin: admin, connections: connections, limits: limits, logger: logger)
    }

    /// Accepts and serves clients until the calling task is cancelled, then closes every
    /// connection and removes the socket file.
    ///
    /// Cancellation closes the listener; the accept loop, in a task of its own that the
    /// cancellation does not reach, then sees the sockets NIO still hands out, closes the ones
    /// nobody claimed (``IPCPendingConnections``) and ends the serving tasks. Cancelling the
    /// loop itself would make NIO drop accepted sockets wrapped for async use, which traps the
    /// process (swift-nio issue 2813; it crashed a full `swift test` once).
    public func run() async throws {
        defer { SocketFiles.remove(configuration.socketPath) }
        let acceptor = Task { try await self.acceptUntilClosed() }
        do {
            try await withTaskCancellationHandler {
                try await acceptor.value
            } onCancel: { [listener] in
                listener.channel.close(promise: nil)
            }
        } catch  where Task.isCancelled {
            // Cancellation is how the server is asked to stop: not an error.
        }
    }

    /// Serves every admitted socket until the listener closes, then closes the unclaimed ones
    /// and cancels the serving tasks.
    private func acceptUntilClosed() async throws {
        defer {
            pending.stop { connection in
                limits.release(uid: connection.uid)
                connection.channel.close(promise: nil)
            }
        }
        try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                defer { group.cancelAll() }
                for try await accepted in inbound {
                    guard case .served(let admitted) = accepted, pending.claim(admitted) else { continue }
                    group.addTask { await self.serve(admitted) }
                }
            }
        }
    }

    /// Wraps a claimed socket for async use (on its event loop, before anything is read) and
    /// serves it; a socket that closed meanwhile only gives back its slot.
    private func serve(_ admitted: IPCPendingConnection) async {
        let channel = admitted.channel
        let wrapped = try? await channel.eventLoop.submit {
            let wrapped = try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            try channel.syncOptions?.setOption(.autoRead, value: true)
            return wrapped
        }.get()
        guard let wrapped else {
            limits.release(uid: admitted.uid)
            channel.close(promise: nil)
            return
        }
        await serve(IPCConnection(channel: wrapped, uid: admitted.uid, gid: admitted.gid, pid: admitted.pid))
    }

    private func serve(_ connection: IPCConnection) async {
        var log = logger
        log[metadataKey: "ipc.peer_pid"] = "\(connection.pid)"
        log[metadataKey: "ipc.peer_uid"] = "\(connection.uid)"
        // Admitted at accept (IPCAdmission): allowed, and holding a slot under the caps.
        connections.opened()
        defer {
            connections.closed()
            limits.release(uid: connection.uid)
        }
        var session = IPCServerSession(authorized: true)
        let cmapConnection = cmap?.connect { [channel = connection.channel.channel, log] frame in
            // A client that stops reading its notifications is disconnected once the socket
            // buffer and NIO's 64 KiB of pending writes are full, instead of growing without bound.
            guard channel.isWritable else {
                log.info("IPC client does not read its cmap notifications: disconnected")
                channel.close(promise: nil)
                return
            }
            channel.writeAndFlush(ByteBuffer(bytes: frame.encoded()), promise: nil)
        }
        defer { cmapConnection?.close() }
        do {
            // Replies go through the channel itself and are awaited until written, so the
            // error reply that precedes a close is on the wire before the close (the async
            // writer may still hold it when executeThenClose closes the channel).
            let channel = connection.channel.channel
            let tracker = IPCQuorumTracker(channel: channel, quorum: quorum, control: control)
            try await connection.channel.executeThenClose { inbound, _ in
                try await withTaskCancellationHandler {
                    try await withThrowingDiscardingTaskGroup { pushes in
                        defer { tracker.close() }
                        reading: for try await buffer in inbound {
                            for action in session.receive(buffer.readableBytesView) {
                                switch action {
                                case .request(let request, let requestID):
                                    if let handled = try await tracker.handle(request, requestID: requestID) {
                                        if let push = handled { pushes.addTask { await push() } }
                                        continue
                                    }
                                    let reply = await answer(request, requestID: requestID, cmap: cmapConnection)
                                        .frame(requestKind: request.kind, requestID: requestID)
                                    try await channel.writeAndFlush(ByteBuffer(bytes: reply.encoded())).get()
                                case .reply(let bytes):
                                    log.debug("IPC request refused")
                                    try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
                                case .close:
                                    break reading
                                }
                            }
                        }
                    }
                } onCancel: {
                    connection.channel.channel.close(promise: nil)
                }
            }
        } catch {
            log.debug("IPC connection ended", metadata: ["ipc.error": "\(error)"])
        }
        if let error = session.endOfStream() {
            log.debug("IPC client left mid-frame", metadata: ["ipc.error": "\(error)"])
        }
    }

    private func answer(_ request: IPCRequest, requestID: UInt32, cmap: CMapConnection?) async -> IPCReply {
        switch request {
        case .cmap(let call):
            guard let cmap else { return .failure(.notSupported, message: "this server has no cmap service") }
            return cmap.answer(call, requestID: requestID)
        case .ringStatus: return .ringStatus(provider.ringStatusInfo())
        case .nodeList: return .nodeList(provider.ringStatusInfo().nodeList)
        case .quorumStatus:
            guard let quorum else { return Self.noQuorumService }
            return .quorumStatus(quorum.quorumStatusInfo())
        case .setExpectedVotes(let expected):
            guard let quorum else { return Self.noQuorumService }
            return await perform(request) { () async throws(QuorumRequestError) in
                try await quorum.setExpectedVotes(expected)
            }
        case .setVotes(let node, let votes):
            guard let quorum else { return Self.noQuorumService }
            return await perform(request) { () async throws(QuorumRequestError) in
                try await quorum.setVotes(votes, of: NodeID(node))
            }
        case .cancelWaitForAll:
            guard let control else { return Self.noQuorumService }
            return await perform(request) { () async throws(QuorumRequestError) in try await control.cancelWaitForAll()
            }
        case .reloadConfig:
            guard let reload else {
                return .failure(.notSupported, message: "this server cannot reload its configuration")
            }
            let reply = IPCReply(reload: await reload.reloadConfiguration(timeout: .seconds(20)))
            logger.info("configuration reload requested", metadata: ["ipc.reply": "\(reply)"])
            return reply
        case .killNode, .shutdown, .reopenLogFiles:
            return await answerAdmin(request)
        case .trackQuorum, .stopQuorumTracking:
            // Answered by the connection's IPCQuorumTracker before this switch is reached.
            return .failure(.notSupported, message: "quorum tracking is served per connection")
        }
    }

    private static let noQuorumService = IPCReply.failure(.notSupported, message: "this server has no quorum service")

    /// Runs a votequorum request: ``IPCReply/done``, or its refusal with corosync's status.
    private func perform(_ request: IPCRequest, _ body: () async throws(QuorumRequestError) -> Void) async -> IPCReply {
        do throws(QuorumRequestError) {
            try await body()
            logger.info("votequorum request done", metadata: ["ipc.request": "\(request)"])
            return .done
        } catch {
            logger.info("votequorum request refused", metadata: ["ipc.request": "\(request)", "ipc.error": "\(error)"])
            return .failure(error.status, message: error.description)
        }
    }
}
