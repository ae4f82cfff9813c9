#if canImport(CQB)
import CQB
import Glibc

/// One published service on the server's thread; libqb's service context points at it.
final class LibQBServiceBox {
    let service: any CorosyncService
    unowned let loop: LibQBLoop
    /// The libqb service, once it runs.
    var handle: OpaquePointer?

    init(service: any CorosyncService, loop: LibQBLoop) {
        self.service = service
        self.loop = loop
    }

    /// The box of the service `connection` belongs to.
    static func of(_ connection: OpaquePointer) -> LibQBServiceBox? {
        qb_ipcs_connection_service_context_get(connection).map {
            Unmanaged<LibQBServiceBox>.fromOpaque($0).takeUnretainedValue()
        }
    }

    /// `connection_accept`: `-EAGAIN` until the server accepts connections, then the service's
    /// rule (0, `-EACCES` or `-EAGAIN`).
    func accept(_ connection: OpaquePointer, uid: UInt32, gid: UInt32) -> Int32 {
        guard loop.server.acceptsConnections else { return -EAGAIN }
        switch service.admit(uid: uid, gid: gid) {
        case .allow:
            loop.admitted[connection] = (uid, gid)
            return 0
        case .deny: return -EACCES
        case .tryAgain: return -EAGAIN
        }
    }

    /// `connection_created`: a session for the new connection, kept as its libqb context.
    func created(_ connection: OpaquePointer) {
        let credentials = loop.admitted.removeValue(forKey: connection) ?? (UInt32.max, UInt32.max)
        var stats = qb_ipcs_connection_stats()
        _ = qb_ipcs_connection_stats_get(connection, &stats, 0)
        loop.lastConnectionID += 1
        let handle = CorosyncConnection(
            id: loop.lastConnectionID,
            peer: CorosyncPeer(pid: stats.client_pid, uid: credentials.uid, gid: credentials.gid),
            maximumMessageSize: Int(qb_ipcs_connection_get_buffer_size(connection)), outbox: loop.outbox)
        let box = LibQBConnectionBox(
            handle: handle, connection: connection, session: service.open(handle), loop: loop)
        loop.connections[handle.id] = box
        qb_ipcs_context_set(connection, Unmanaged.passRetained(box).toOpaque())
    }

    /// `connection_destroyed`: libqb frees the connection after this; our box goes too.
    func destroyed(_ connection: OpaquePointer) {
        loop.admitted[connection] = nil
        guard let context = qb_ipcs_context_get(connection) else { return }
        qb_ipcs_context_set(connection, nil)
        let box = Unmanaged<LibQBConnectionBox>.fromOpaque(context).takeRetainedValue()
        box.destroyed()
        loop.connections[box.handle.id] = nil
    }
}
#endif
