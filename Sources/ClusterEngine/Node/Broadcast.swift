import Synchronization

/// Fans one ordered sequence out to any number of subscribers, each with its own bounded
/// buffer. A subscriber that falls ``limit`` elements behind is cut off: its stream ends with
/// ``ClusterNodeError/subscriberTooSlow(limit:)`` rather than losing elements silently or
/// growing without bound. Finishing ends every stream (with the node's failure, if any).
final class Broadcast<Element: Sendable>: Sendable {
    typealias Stream = AsyncThrowingStream<Element, any Error>
    private struct State {
        var next = 0
        var subscribers: [Int: (continuation: Stream.Continuation, accepts: @Sendable (Element) -> Bool)] = [:]
        var finished: (any Error)??
    }

    /// Most unread elements one subscriber may hold.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// A new subscription: every element published from now on that `accepts` takes, in order.
    func subscribe(where accepts: @escaping @Sendable (Element) -> Bool = { _ in true }) -> Stream {
        let (stream, continuation) = Stream.makeStream(bufferingPolicy: .bufferingOldest(limit))
        let finished = state.withLock { state -> (any Error)?? in
            if let finished = state.finished { return finished }
            let id = state.next
            state.next += 1
            state.subscribers[id] = (continuation, accepts)
            continuation.onTermination = { [weak self] _ in self?.remove(id) }
            return nil
        }
        if let finished { continuation.finish(throwing: finished) }
        return stream
    }

    private func remove(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    /// Hands `element` to every subscriber; those whose buffer is full are cut off.
    func publish(_ element: Element) {
        let overflowed = state.withLock { state -> [Stream.Continuation] in
            var cut: [Stream.Continuation] = []
            for (id, subscriber) in state.subscribers where subscriber.accepts(element) {
                if case .dropped = subscriber.continuation.yield(element) {
                    state.subscribers[id] = nil
                    cut.append(subscriber.continuation)
                }
            }
            return cut
        }
        for continuation in overflowed {
            continuation.finish(throwing: ClusterNodeError.subscriberTooSlow(limit: limit))
        }
    }

    /// Ends every subscription (and refuses later ones the same way): normally, or with `error`.
    func finish(throwing error: (any Error)? = nil) {
        let subscribers = state.withLock { state -> [Stream.Continuation] in
            state.finished = .some(error)
            defer { state.subscribers = [:] }
            return state.subscribers.values.map(\.continuation)
        }
        for continuation in subscribers { continuation.finish(throwing: error) }
    }
}
