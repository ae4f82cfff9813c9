import Logging
import Synchronization

/// Serves corosync services (``CorosyncService``) to stock corosync clients through the host's
/// libqb: one abstract unix socket per service (`@cmap`, ...) with libqb's shared-memory
/// rings, exactly as corosync 3.1.7 does (Docs/LibQB.md).
///
/// One thread owns every libqb object and runs libqb's loop; the rest of the process reaches it
/// through ``CorosyncConnection`` handles (a locked queue that wakes the loop through an
/// eventfd). Linux only: elsewhere ``start()`` reports every service as unavailable.
///
/// ```swift
/// let server = CorosyncIPCServer(services: [cmap], logger: logger)
/// for failure in await server.start() { logger.error("\(failure)") }
/// server.acceptConnections()      // until then clients get CS_ERR_TRY_AGAIN
/// ...
/// await server.stop()             // disconnects every client, joins the thread
/// ```
public final class CorosyncIPCServer: Sendable {
    /// The services, in the order they are published.
    public let services: [any CorosyncService]
    let logger: Logger
    private let accepting = Atomic<Bool>(false)
    private let thread = Mutex<ServerThread?>(nil)

    /// A server for `services` (nothing is bound until ``start()``).
    public init(services: [any CorosyncService], logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Whether new clients are admitted (else they are told to try again, as corosync tells them
    /// before it is ready).
    public var acceptsConnections: Bool { accepting.load(ordering: .acquiring) }

    /// Admits clients from now on (each still under its service's rule).
    public func acceptConnections() { accepting.store(true, ordering: .releasing) }

    /// Starts the server's thread and publishes every service. A service whose name is taken
    /// (another corosync or totemd in this network namespace) is not served; the others are.
    /// - Returns: the services that could not be published, with why (empty: all served). When
    ///   none could, the thread has already ended.
    public func start() async -> [CorosyncServiceFailure] {
        await withCheckedContinuation { continuation in
            let started = ServerThread.start(server: self) { failures in continuation.resume(returning: failures) }
            thread.withLock { $0 = started }
        }
    }

    /// Sets libqb's request rate limit of `service` (nil: every service), as corosync does from
    /// quorum, the ring's queue and sync (`cs_ipcs_check_for_flow_control`): ``CorosyncRateLimit/off``
    /// makes clients' sends fail with `CS_ERR_TRY_AGAIN` until it is lifted.
    public func setRateLimit(_ limit: CorosyncRateLimit, service: String? = nil) {
        thread.withLock { $0 }?.outbox.post(.rateLimit(limit, service: service))
    }

    /// Disconnects every client, withdraws the services, stops the loop and waits for the thread
    /// to end. Safe to call more than once, or without a successful start.
    public func stop() async {
        guard let running = thread.withLock({ $0 }) else { return }
        running.outbox.post(.stop)
        await running.finished.wait()
    }
}

/// libqb's request rate limits (`enum qb_ipcs_rate_limit`): how eagerly requests are read, and
/// the flow-control word clients check before they send.
public enum CorosyncRateLimit: Hashable, Sendable {
    /// Requests read at high priority.
    case fast
    /// The default.
    case normal
    /// Requests read at low priority.
    case slow
    /// Flow control on (word 1): every client's send fails with `-EAGAIN`.
    case off
    /// Flow control word 2: only clients that raised their limit to 2 (libcpg around MCAST) are
    /// held back.
    case offForMulticasts
}

/// A service that could not be published.
public struct CorosyncServiceFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The service's name (`cmap`).
    public var service: String
    /// Why.
    public var reason: Reason

    /// Why a service was not published.
    public enum Reason: Hashable, Sendable {
        /// The abstract socket name is held by another server in this network namespace.
        case nameTaken
        /// libqb is not available on this platform.
        case unavailable
        /// libqb refused, with this errno.
        case failed(errno: Int32)
    }

    /// A failure.
    public init(service: String, reason: Reason) {
        self.service = service
        self.reason = reason
    }

    /// A one-line explanation naming the socket.
    public var description: String {
        switch reason {
        case .nameTaken:
            "the abstract socket @\(service) is taken (another corosync or totemd runs in this network namespace)"
        case .unavailable: "libqb is not available on this platform (@\(service) not served)"
        case .failed(let errno): "libqb cannot serve @\(service) (errno \(errno))"
        }
    }
}

/// Resumes whoever waits once the server's thread has ended.
final class Completion: Sendable {
    private let state = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Marks it done and resumes the waiters.
    func finish() {
        let waiters = state.withLock { state in
            state.done = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``finish()`` was called.
    func wait() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }
}
