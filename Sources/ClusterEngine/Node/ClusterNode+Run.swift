import ClusterIPC
import CorosyncIPC
import Logging
import NodeCore
import ServiceLifecycle
import Synchronization
import Totem
import TotemRuntime

extension ClusterNode {
    /// Binds the IPC socket (when configured), starts the ring thread and fans the node's one
    /// ordered output stream out until the node stops: after graceful shutdown or cancellation
    /// (it leaves the ring first), after `cfgtool -H`, or on a failure, which it throws
    /// (``ClusterNodeError``). The IPC server stops and its socket file is removed when the ring
    /// has stopped, and so does the libqb server of stock clients (when configured): its
    /// clients are disconnected and its thread joined. Every subscriber's stream ends.
    public func run() async throws {
        guard let ipc else { return try await runNode() }
        var ipcLogger = logger
        ipcLogger[metadataKey: "subsys"] = "IPC"
        let server = try await IPCServer.bind(
            ipc, provider: self, quorum: self, control: self, cmap: cmapService, reload: self, admin: self,
            connections: ipcConnections, logger: ipcLogger)
        // Stock clients are told to try again until the first sync completed, as corosync tells them.
        let corosync = await startCorosyncEndpoints(ipc)
        corosyncServer.withLock { $0 = corosync }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                do {
                    try await runNode()
                } catch {
                    group.cancelAll()
                    throw error
                }
                group.cancelAll()
                try await group.waitForAll()
            }
        } catch {
            await stopCorosyncEndpoints()
            throw error
        }
        await stopCorosyncEndpoints()
    }

    private func runNode() async throws {
        do throws(SocketError) {
            try runtime.start()
        } catch {
            let failure = ClusterNodeError.cannotStart("\(error)")
            finishStreams(failure)
            throw failure
        }
        log("TOTEM").notice("Initializing transport (UDP/IP Unicast).")
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await consume()
            } onGracefulShutdown: { [runtime] in
                runtime.post { core, now, effects in effects += core.leave(now: now) }
            }
        } onCancel: { [runtime] in
            runtime.post { core, now, effects in effects += core.leave(now: now) }
        }
    }

    /// Reads the ring thread's stream to its end, in order.
    private func consume() async throws {
        var killed: ClusterNodeError?
        for await event in runtime.events {
            switch event {
            case .effect(let effect):
                if case .killed(let sender, let reason) = effect { killed = .killed(by: sender, reason: reason) }
                await handle(effect)
            case .stopped(let failure):
                let error = failure.map { killed ?? .ringFailed($0) }
                finishStreams(error)
                if let error { throw error }
                return
            }
        }
    }

    /// Carries out one effect of the node core on the shell's side.
    func handle(_ effect: NodeEffect) async {
        switch effect {
        case .configurationChanged(let change):
            streams.publish(.membership(change))
        case .operational(let operational):
            streams.publishOperational(operational)
        case .delivered(let message):
            streams.publish(.delivered(message))
        case .quorumChanged(let state):
            streams.publish(.quorum(state))
            notifyCorosyncTrackers(state)
        case .status(let status):
            shown.withLock { $0 = status }
            quorumFeed.publish(quorumStatusInfo())
        case .syncCompleted(let ringID):
            streams.publishSynced(ringID: ringID, members: nodeStatus.members)
            corosyncServer.withLock { $0 }?.acceptConnections()
        case .log(let subsystem, let message):
            log(subsystem).notice("\(message)")
        case .cmap(let updates):
            apply(updates)
        case .cpg(let delivery):
            route(delivery)
        case .killed(let sender, let reason):
            log("CFG").notice("Killed by node \(sender) : \(reason)")
        case .reloadRequested(_, let token):
            let outcome = await performReload()
            if let token { reloadWaiters.resume(token, with: outcome) }
        case .persistExpectedVotes(let value):
            Self.storeExpectedVotes(value, in: stateDirectory)
        case .quorumFiguresChanged, .send, .persistRingSeq, .dropped:
            break
        }
    }

    /// Ends every subscriber's stream, local cpg members' streams and quorum tracking.
    private func finishStreams(_ error: ClusterNodeError?) {
        streams.finish(throwing: error)
        finishCPGRoutes()
        quorumFeed.finish()
        reloadWaiters.resumeAll(with: .refused("the node stopped"))
    }

    /// A logger for `subsystem` (corosync's `TOTEM`, `QUORUM`, `CFG`, ...).
    func log(_ subsystem: String) -> Logger {
        var log = logger
        log[metadataKey: "subsys"] = "\(subsystem)"
        return log
    }
}
