#if canImport(CQB)
import CQB
import CorosyncIPCCodec
import Glibc
import Logging

/// One client connection on the server's thread: its session, its events waiting for room in
/// the client's event ring, and the responses still owed. libqb's connection context points at it.
final class LibQBConnectionBox {
    let handle: CorosyncConnection
    let connection: OpaquePointer
    let session: any CorosyncSession
    unowned let loop: LibQBLoop
    /// False once libqb reported the connection closed.
    var open = true
    /// Events the client's full ring could not take yet, oldest first.
    var queued: [[UInt8]] = []
    var queuedBytes = 0
    var retryTimer: qb_loop_timer_handle?
    /// Requests answered later (each holds a libqb reference on the connection).
    var deferred = 0

    init(handle: CorosyncConnection, connection: OpaquePointer, session: any CorosyncSession, loop: LibQBLoop) {
        self.handle = handle
        self.connection = connection
        self.session = session
        self.loop = loop
    }

    /// The box libqb's context of `connection` points at.
    static func of(_ connection: OpaquePointer) -> LibQBConnectionBox? {
        qb_ipcs_context_get(connection).map { Unmanaged<LibQBConnectionBox>.fromOpaque($0).takeUnretainedValue() }
    }

    /// `msg_process`: one request, `size` bytes as its header says. A size outside the header's
    /// and the connection's buffer is answered corosync's refusal without reading further.
    func process(_ data: UnsafeMutableRawPointer?, size: Int) {
        let limit = Int(qb_ipcs_connection_get_buffer_size(connection))
        guard let data, size >= LibMessage.requestHeaderSize, size <= limit else {
            respond(LibMessage.refusal())
            return
        }
        switch session.receive([UInt8](UnsafeRawBufferPointer(start: data, count: size))) {
        case .response(let bytes): respond(bytes)
        case .none: break
        case .deferred:
            qb_ipcs_connection_ref(connection)
            deferred += 1
        }
    }

    private func respond(_ bytes: [UInt8]) {
        let sent = bytes.withUnsafeBytes { qb_ipcs_response_send(connection, $0.baseAddress, $0.count) }
        if sent < 0 { loop.logger.warning("libqb response to pid \(handle.peer.pid) not sent: errno \(-sent)") }
    }

    /// A deferred request's response: sent if the client is still there; the reference goes.
    func respondDeferred(_ bytes: [UInt8]) {
        guard deferred > 0 else { return }
        if open { respond(bytes) }
        deferred -= 1
        qb_ipcs_connection_unref(connection)
    }

    /// Releases the references of responses that will never come (the server stops).
    func releaseDeferred() {
        while deferred > 0 {
            deferred -= 1
            qb_ipcs_connection_unref(connection)
        }
    }

    /// Sends an event now, or queues it behind those waiting; a client whose queue passes
    /// ``LibQBLoop/maximumQueuedBytes`` is disconnected (it does not read its events).
    func send(event bytes: [UInt8]) {
        guard open else { return }
        if queued.isEmpty {
            let sent = Self.sendEvent(bytes, on: connection)
            if sent == bytes.count { return }
            guard sent == -EAGAIN else {
                loop.logger.warning("libqb event to pid \(handle.peer.pid) not sent: errno \(-sent)")
                return
            }
        }
        guard queuedBytes + bytes.count <= LibQBLoop.maximumQueuedBytes else {
            loop.logger.warning("libqb client pid \(handle.peer.pid) does not read its events: disconnected")
            disconnect()
            return
        }
        queued.append(bytes)
        queuedBytes += bytes.count
        scheduleRetry()
    }

    /// Sends the queued events the ring takes now; retries later while some remain.
    func flush() {
        retryTimer = nil
        guard open else { return }
        var sentCount = 0
        for bytes in queued {
            let sent = Self.sendEvent(bytes, on: connection)
            if sent == -EAGAIN { break }
            if sent < 0 { loop.logger.warning("libqb event to pid \(handle.peer.pid) not sent: errno \(-sent)") }
            sentCount += 1
            queuedBytes -= bytes.count
        }
        queued.removeFirst(sentCount)
        if !queued.isEmpty { scheduleRetry() }
    }

    private static func sendEvent(_ bytes: [UInt8], on connection: OpaquePointer) -> Int {
        bytes.withUnsafeBytes { qb_ipcs_event_send(connection, $0.baseAddress, $0.count) }
    }

    private func scheduleRetry() {
        guard retryTimer == nil else { return }
        var timer = qb_loop_timer_handle()
        let context = Unmanaged.passUnretained(self).toOpaque()
        let added = qb_loop_timer_add(
            loop.qbLoop, QB_LOOP_MED, LibQBLoop.retryNanoseconds, context,
            { data in
                guard let data else { return }
                Unmanaged<LibQBConnectionBox>.fromOpaque(data).takeUnretainedValue().flush()
            }, &timer)
        if added == 0 { retryTimer = timer }
    }

    /// Asks libqb to disconnect the client (it then reports the connection closed).
    func disconnect() {
        if open { qb_ipcs_disconnect(connection) }
    }

    /// `connection_closed`: the session ends; queued events are dropped.
    func closed() {
        guard open else { return }
        open = false
        cancelRetry()
        queued = []
        queuedBytes = 0
        session.close()
    }

    /// `connection_destroyed`: nothing of libqb's may be touched after this.
    func destroyed() {
        closed()
        cancelRetry()
    }

    private func cancelRetry() {
        if let timer = retryTimer { _ = qb_loop_timer_del(loop.qbLoop, timer) }
        retryTimer = nil
    }
}
#endif
