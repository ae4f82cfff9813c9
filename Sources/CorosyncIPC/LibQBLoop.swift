#if canImport(CQB)
import CQB
import CorosyncIPCCodec
import Glibc
import Logging

/// Everything libqb owns, confined to the server's thread: the loop, the published services,
/// the open connections and the eventfd that wakes the loop for the outbox.
final class LibQBLoop {
    /// The size of every connection's rings and the largest message (libcorosync's own
    /// `IPC_REQUEST_SIZE`, 1 MiB): requests are read only within it.
    static let bufferSize: UInt32 = 1 << 20
    /// Events queued for a client that does not read them, in bytes, before it is disconnected.
    static let maximumQueuedBytes = 64 << 20
    /// How long a full event ring is left before the queued events are retried.
    static let retryNanoseconds: UInt64 = 10_000_000

    let qbLoop: OpaquePointer
    let server: CorosyncIPCServer
    let outbox: CorosyncOutbox
    let wakeFD: Int32
    var logger: Logger { server.logger }
    var services: [LibQBServiceBox] = []
    var connections: [UInt64: LibQBConnectionBox] = [:]
    /// Credentials of connections accepted but not yet created, by libqb connection.
    var admitted: [OpaquePointer: (uid: UInt32, gid: UInt32)] = [:]
    var lastConnectionID: UInt64 = 0

    private init(qbLoop: OpaquePointer, server: CorosyncIPCServer, outbox: CorosyncOutbox, wakeFD: Int32) {
        self.qbLoop = qbLoop
        self.server = server
        self.outbox = outbox
        self.wakeFD = wakeFD
    }

    /// The thread's body: publishes the services, reports, runs the loop until a stop, then
    /// releases everything.
    static func run(
        server: CorosyncIPCServer, outbox: CorosyncOutbox, wakeFD: Int32,
        report: ([CorosyncServiceFailure]) -> Void
    ) {
        guard let qbLoop = qb_loop_create() else {
            report(server.services.map { CorosyncServiceFailure(service: $0.name, reason: .failed(errno: ENOMEM)) })
            return
        }
        LibQBThreadLoop.set(qbLoop)
        let loop = LibQBLoop(qbLoop: qbLoop, server: server, outbox: outbox, wakeFD: wakeFD)
        let context = Unmanaged.passUnretained(loop).toOpaque()
        _ = qb_loop_poll_add(qbLoop, QB_LOOP_HIGH, wakeFD, Int32(POLLIN), context) { _, _, data in
            guard let data else { return 0 }
            Unmanaged<LibQBLoop>.fromOpaque(data).takeUnretainedValue().drain()
            return 0
        }
        let failures = server.services.compactMap { loop.publish($0) }
        report(failures)
        if !loop.services.isEmpty { qb_loop_run(qbLoop) }
        loop.withdraw()
        _ = qb_loop_poll_del(qbLoop, wakeFD)
        LibQBThreadLoop.set(nil)
        qb_loop_destroy(qbLoop)
    }

    /// Creates and runs one libqb service; nil when served, else why not.
    private func publish(_ service: any CorosyncService) -> CorosyncServiceFailure? {
        if LibQBNameProbe.isTaken(service.name) {
            return CorosyncServiceFailure(service: service.name, reason: .nameTaken)
        }
        let box = LibQBServiceBox(service: service, loop: self)
        var handlers = LibQBCallbacks.serviceHandlers
        guard let handle = qb_ipcs_create(service.name, service.serviceID, QB_IPC_NATIVE, &handlers) else {
            return CorosyncServiceFailure(service: service.name, reason: .failed(errno: errno))
        }
        qb_ipcs_service_context_set(handle, Unmanaged.passUnretained(box).toOpaque())
        var poll = LibQBCallbacks.pollHandlers
        qb_ipcs_poll_handlers_set(handle, &poll)
        qb_ipcs_enforce_buffer_size(handle, Self.bufferSize)
        // On failure libqb has released the service itself.
        let result = qb_ipcs_run(handle)
        guard result == 0 else {
            let reason: CorosyncServiceFailure.Reason = result == -EADDRINUSE ? .nameTaken : .failed(errno: -result)
            return CorosyncServiceFailure(service: service.name, reason: reason)
        }
        box.handle = handle
        services.append(box)
        return nil
    }

    /// Disconnects every client and withdraws every service. The boxes stay until the loop is
    /// gone: libqb may still report a connection it held a reference to as destroyed.
    private func withdraw() {
        for service in services {
            if let handle = service.handle { qb_ipcs_destroy(handle) }
            service.handle = nil
        }
        for connection in connections.values { connection.releaseDeferred() }
    }

    /// Takes what other threads posted and does it, in order.
    func drain() {
        var count: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &count) { read(wakeFD, $0.baseAddress, $0.count) }
        for item in outbox.take() {
            switch item {
            case .event(let id, let bytes): connections[id]?.send(event: bytes)
            case .response(let id, let bytes): connections[id]?.respondDeferred(bytes)
            case .disconnect(let id): connections[id]?.disconnect()
            case .rateLimit(let limit, let name):
                for service in services where name == nil || service.service.name == name {
                    if let handle = service.handle { qb_ipcs_request_rate_limit(handle, limit.qb) }
                }
            case .stop:
                withdraw()
                qb_loop_stop(qbLoop)
            }
        }
    }
}

extension CorosyncRateLimit {
    /// libqb's value.
    var qb: qb_ipcs_rate_limit {
        switch self {
        case .fast: QB_IPCS_RATE_FAST
        case .normal: QB_IPCS_RATE_NORMAL
        case .slow: QB_IPCS_RATE_SLOW
        case .off: QB_IPCS_RATE_OFF
        case .offForMulticasts: QB_IPCS_RATE_OFF_2
        }
    }
}

/// The loop of the calling thread: libqb's poll-handler callbacks carry no context of ours, and
/// they only ever run on the server's thread.
enum LibQBThreadLoop {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The calling thread's loop.
    static var current: OpaquePointer? { pthread_getspecific(key).map { OpaquePointer($0) } }

    static func set(_ loop: OpaquePointer?) { pthread_setspecific(key, loop.map { UnsafeRawPointer($0) }) }
}
#endif
