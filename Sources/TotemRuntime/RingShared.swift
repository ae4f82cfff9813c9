#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import Totem

/// A request to the ring thread: runs on it with the core, and answers through its closure.
@usableFromInline
struct RingRequest<Core: RingDrivenCore>: Sendable {
    /// Runs the request; returns false to be run again after the next input (the core had no
    /// room yet), true once it answered.
    @usableFromInline
    let run: @Sendable (inout Core, Instant, inout [Core.Effect], any RingTransport) -> Bool
    /// Answers the request when the ring stopped before it ran.
    @usableFromInline
    let cancel: @Sendable () -> Void
}

/// The state a ``RingRuntime`` shares between its ring thread and its callers: a request queue
/// with a self-pipe to wake the loop, and the latest status snapshot.
@usableFromInline
final class RingShared<Core: RingDrivenCore>: Sendable {
    /// The pipe's read end, polled by the loop.
    @usableFromInline
    let wakeFD: Int32
    let wakeWriteFD: Int32
    let requests = Mutex<(queue: [RingRequest<Core>], closed: Bool)>(([], false))
    @usableFromInline
    let status: Mutex<TotemRingStatus>

    init(status: TotemRingStatus) throws(SocketError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SocketError(operation: "pipe", code: errno) }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeFD = ends[0]
        wakeWriteFD = ends[1]
        self.status = Mutex(status)
    }

    deinit {
        Glibc.close(wakeFD)
        Glibc.close(wakeWriteFD)
    }

    /// Queues a request and wakes the loop; once the loop stopped, cancels it at once.
    func post(_ request: RingRequest<Core>) {
        let accepted = requests.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.queue.append(request)
            return true
        }
        guard accepted else { return request.cancel() }
        var one: UInt8 = 1
        _ = write(wakeWriteFD, &one, 1)
    }

    /// Takes every queued request.
    @usableFromInline
    func take() -> [RingRequest<Core>] {
        requests.withLock { state in
            defer { state.queue.removeAll() }
            return state.queue
        }
    }

    /// Refuses every later request and returns those still queued.
    @usableFromInline
    func close() -> [RingRequest<Core>] {
        requests.withLock { state in
            state.closed = true
            defer { state.queue.removeAll() }
            return state.queue
        }
    }

    /// Empties the wake pipe.
    @usableFromInline
    func drainWake() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &scratch, scratch.count) > 0 {}
    }
}
