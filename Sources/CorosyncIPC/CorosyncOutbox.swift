import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the rest of the process asks of the server's thread: a queue behind a lock, and a
/// descriptor (an eventfd) written when the queue stops being empty, which wakes the thread's
/// loop. The descriptor is written and closed under the lock, so a handle that outlives the
/// server never writes to a descriptor number since reused.
final class CorosyncOutbox: Sendable {
    /// One thing for the server's thread to do.
    enum Item: Sendable {
        case event(UInt64, [UInt8])
        case response(UInt64, [UInt8])
        case disconnect(UInt64)
        case rateLimit(CorosyncRateLimit, service: String?)
        case stop
    }

    private struct State {
        var items: [Item] = []
        var wakeFD: Int32?
        var closed = false
    }

    private let state: Mutex<State>

    /// An outbox that writes `wakeFD` (nil: it only queues, for connections without a server).
    init(wakeFD: Int32?) { state = Mutex(State(wakeFD: wakeFD)) }

    /// Queues `item`; dropped once the outbox is closed.
    func post(_ item: Item) {
        state.withLock { state in
            guard !state.closed else { return }
            state.items.append(item)
            guard state.items.count == 1, let fd = state.wakeFD else { return }
            var one: UInt64 = 1
            _ = withUnsafeBytes(of: &one) { write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Everything queued, oldest first (the caller has read the descriptor first).
    func take() -> [Item] {
        state.withLock { state in
            defer { state.items = [] }
            return state.items
        }
    }

    /// What ``take()`` returns, for an outbox that wakes nobody (no server reads it); else
    /// nothing.
    func takeUnread() -> [Item] {
        state.withLock { state in
            guard state.wakeFD == nil else { return [] }
            defer { state.items = [] }
            return state.items
        }
    }

    /// Stops queueing and closes the descriptor.
    func close() {
        state.withLock { state in
            if let fd = state.wakeFD { closeDescriptor(fd) }
            state.wakeFD = nil
            state.closed = true
            state.items = []
        }
    }
}

/// close(2), spelled the same on Linux and Darwin.
func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #elseif canImport(Darwin)
    _ = Darwin.close(fd)
    #endif
}
