import Foundation

#if canImport(CQB)
import CQB
#endif

/// The server's thread, seen from outside: its outbox and its end.
struct ServerThread: Sendable {
    /// Where other threads post work for it.
    let outbox: CorosyncOutbox
    /// Finished when the thread has released libqb and ended.
    let finished: Completion

    /// Starts the thread; `report` is called once, from it, with the services it could not
    /// publish. Without libqb every service is reported unavailable at once.
    static func start(
        server: CorosyncIPCServer, report: @escaping @Sendable ([CorosyncServiceFailure]) -> Void
    ) -> ServerThread {
        let finished = Completion()
        #if canImport(CQB)
        let wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        let outbox = CorosyncOutbox(wakeFD: wakeFD >= 0 ? wakeFD : nil)
        guard wakeFD >= 0 else {
            let error = errno
            outbox.close()
            finished.finish()
            report(server.services.map { CorosyncServiceFailure(service: $0.name, reason: .failed(errno: error)) })
            return ServerThread(outbox: outbox, finished: finished)
        }
        let thread = Thread {
            LibQBLoop.run(server: server, outbox: outbox, wakeFD: wakeFD, report: report)
            outbox.close()
            finished.finish()
        }
        thread.name = "libqb"
        thread.start()
        return ServerThread(outbox: outbox, finished: finished)
        #else
        let outbox = CorosyncOutbox(wakeFD: nil)
        outbox.close()
        finished.finish()
        report(server.services.map { CorosyncServiceFailure(service: $0.name, reason: .unavailable) })
        return ServerThread(outbox: outbox, finished: finished)
        #endif
    }
}
