import Synchronization

/// The ring thread's ordered output: an unbounded single-consumer queue that always runs to
/// its end. Unlike `AsyncStream`, iterating it does not stop when the reading task is
/// cancelled: a node is stopped by leaving the ring, and its owner reads on until the stop
/// event, so that nothing the ring did before it stopped is lost.
public final class RingEvents<Event: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Event
    public typealias Failure = Never

    private struct State {
        var buffer: [Event] = []
        var head = 0
        var waiter: CheckedContinuation<Event?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    init() {}

    /// Appends an event (ring thread); wakes the reader.
    @usableFromInline
    func yield(_ event: Event) {
        let waiter = state.withLock { state -> CheckedContinuation<Event?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.buffer.append(event)
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// Ends the sequence after the events already queued.
    @usableFromInline
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Event?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    func next() async -> Event? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Event?? in
                if state.head < state.buffer.count {
                    let event = state.buffer[state.head]
                    state.head += 1
                    if state.head >= 1024 && state.head * 2 >= state.buffer.count {
                        state.buffer.removeFirst(state.head)
                        state.head = 0
                    }
                    return .some(event)
                }
                if state.finished { return .some(nil) }
                precondition(state.waiter == nil, "a ring's events have one reader at a time")
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Reads the events in order (one reader at a time).
    public struct AsyncIterator: AsyncIteratorProtocol {
        let events: RingEvents<Event>

        /// The next event, waiting for it; nil once the ring stopped and every event was read.
        public mutating func next() async -> Event? { await events.next() }
    }

    /// An iterator; the sequence has one reader at a time.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(events: self) }
}
