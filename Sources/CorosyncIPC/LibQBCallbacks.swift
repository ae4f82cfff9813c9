#if canImport(CQB)
import CQB
import Glibc

/// libqb's callbacks, as C function pointers: each finds our objects through the contexts
/// libqb keeps (the service's, the connection's) or the thread's loop.
enum LibQBCallbacks {
    /// Routes libqb's descriptors and jobs to the thread's loop.
    static var pollHandlers: qb_ipcs_poll_handlers {
        qb_ipcs_poll_handlers(
            job_add: { priority, data, job in qb_loop_job_add(LibQBThreadLoop.current, priority, data, job) },
            dispatch_add: { priority, fd, events, data, dispatch in
                qb_loop_poll_add(LibQBThreadLoop.current, priority, fd, events, data, dispatch)
            },
            dispatch_mod: { priority, fd, events, data, dispatch in
                qb_loop_poll_mod(LibQBThreadLoop.current, priority, fd, events, data, dispatch)
            },
            dispatch_del: { fd in qb_loop_poll_del(LibQBThreadLoop.current, fd) })
    }

    /// A connection's life: accept, created, each message, closed, destroyed.
    static var serviceHandlers: qb_ipcs_service_handlers {
        qb_ipcs_service_handlers(
            connection_accept: { connection, uid, gid in
                guard let connection, let service = LibQBServiceBox.of(connection) else { return -EACCES }
                return service.accept(connection, uid: uid, gid: gid)
            },
            connection_created: { connection in
                guard let connection, let service = LibQBServiceBox.of(connection) else { return }
                service.created(connection)
            },
            msg_process: { connection, data, size in
                guard let connection, let box = LibQBConnectionBox.of(connection) else { return 0 }
                box.process(data, size: size)
                return 0
            },
            connection_closed: { connection in
                guard let connection else { return 0 }
                LibQBConnectionBox.of(connection)?.closed()
                return 0
            },
            connection_destroyed: { connection in
                guard let connection else { return }
                LibQBServiceBox.of(connection)?.destroyed(connection)
            })
    }
}
#endif
