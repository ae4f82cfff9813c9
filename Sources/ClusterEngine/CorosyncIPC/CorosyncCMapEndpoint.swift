import CorosyncIPC
import Logging

/// corosync's cmap service (`@cmap`, id 0) for stock clients, on the node's ``CMapService``: the
/// same map, stats map and accept rule as the node's own socket. Its connections count in
/// `stats.ipcs.global.*` like the socket's.
struct CorosyncCMapEndpoint: CorosyncService {
    let name = "cmap"
    let serviceID: Int32 = 0
    let cmap: CMapService
    let connections: IPCConnectionCounts
    let refusals: IPCRefusalLog
    let logger: Logger

    /// corosync's rule (``CMapService/allows(uid:gid:)``); a refusal is logged at most once per
    /// uid per second.
    func admit(uid: UInt32, gid: UInt32) -> CorosyncAdmission {
        if cmap.allows(uid: uid, gid: gid) { return .allow }
        if let suppressed = refusals.shouldLog(uid: uid) {
            logger.info(
                "libqb cmap client refused: uid not allowed",
                metadata: ["ipc.peer_uid": "\(uid)", "ipc.peer_gid": "\(gid)", "ipc.suppressed": "\(suppressed)"])
        }
        return .deny
    }

    func open(_ connection: CorosyncConnection) -> any CorosyncSession {
        connections.opened()
        return CorosyncCMapSession(service: cmap, connection: connection) { [connections] in connections.closed() }
    }
}
