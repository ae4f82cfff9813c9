import CorosyncIPC
import Logging
import Synchronization

extension ClusterNode {
    /// Starts serving stock corosync clients through libqb
    /// (``IPCServerConfiguration/corosyncClients``): `@cmap`, `@cfg`, `@quorum` and `@votequorum`.
    /// A name another server holds in this network namespace is logged as an error and left
    /// out; the node runs on without it. Nil when nothing is served.
    func startCorosyncEndpoints(_ ipc: IPCServerConfiguration) async -> CorosyncIPCServer? {
        guard ipc.corosyncClients else { return nil }
        let log = self.log("IPC")
        let allows: @Sendable (UInt32, UInt32) -> Bool = { [cmapService] in cmapService.allows(uid: $0, gid: $1) }
        let endpoints: [any CorosyncService] = [
            CorosyncCMapEndpoint(
                cmap: cmapService, connections: ipcConnections,
                refusals: IPCRefusalLog(interval: ipc.refusalLogInterval), logger: log),
            CorosyncCfgEndpoint(source: self, allows: allows),
            CorosyncQuorumEndpoint(source: self, allows: allows),
            CorosyncVoteQuorumEndpoint(source: self, allows: allows),
        ]
        let server = CorosyncIPCServer(services: endpoints, logger: log)
        let failures = await server.start()
        for failure in failures {
            log.error("Stock corosync clients cannot reach this node: \(failure)")
        }
        guard failures.count < endpoints.count else { return nil }
        let served = endpoints.map(\.name).filter { name in !failures.contains { $0.service == name } }
        log.info("Serving stock corosync clients through libqb: \(served.map { "@" + $0 }.joined(separator: " "))")
        return server
    }

    /// Disconnects the stock clients and stops the libqb server (see ``startCorosyncEndpoints(_:)``).
    func stopCorosyncEndpoints() async {
        guard let server = corosyncServer.withLock({ $0 }) else { return }
        await server.stop()
        corosyncServer.withLock { $0 = nil }
    }
}
