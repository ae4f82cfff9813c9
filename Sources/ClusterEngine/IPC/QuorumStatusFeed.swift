import ClusterIPC
import Synchronization

/// The quorum states a daemon publishes, fanned out to the IPC connections that track them.
///
/// ``ClusterNode`` publishes its ``QuorumStatusInfo`` whenever votequorum reports a change and
/// after every settled engine step (so changes of votes or expected votes that do not flip
/// the quorate flag are seen too); a state equal to the previous one is not passed on.
/// Each subscriber gets its own stream, which keeps the newest ``bufferLimit`` states if the
/// subscriber falls behind (the latest state always arrives).
public final class QuorumStatusFeed: Sendable {
    /// How many unread states a subscriber's stream keeps (oldest dropped first).
    public static let bufferLimit = 64

    private struct State {
        var latest: QuorumStatusInfo?
        var nextID: UInt64 = 0
        var subscribers: [UInt64: AsyncStream<QuorumStatusInfo>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// An empty feed.
    public init() {}

    /// The last published state (nil before the first).
    public var latest: QuorumStatusInfo? { state.withLock { $0.latest } }

    /// How many subscriptions are live (one per tracking IPC connection).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Passes `status` to every subscriber unless it equals the last published state.
    public func publish(_ status: QuorumStatusInfo) {
        state.withLock { state in
            guard state.latest != status else { return }
            state.latest = status
            for continuation in state.subscribers.values { continuation.yield(status) }
        }
    }

    /// Subscribes: the subscription id (for ``unsubscribe(_:)``), the state published last
    /// (read atomically with the subscription, so no change falls between the two) and the
    /// stream of every later state.
    public func subscribe() -> (id: UInt64, latest: QuorumStatusInfo?, stream: AsyncStream<QuorumStatusInfo>) {
        let (stream, continuation) = AsyncStream<QuorumStatusInfo>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        return state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return (id, state.latest, stream)
        }
    }

    /// Ends subscription `id`: its stream finishes after the states already buffered.
    public func unsubscribe(_ id: UInt64) {
        let continuation = state.withLock { $0.subscribers.removeValue(forKey: id) }
        continuation?.finish()
    }

    /// Ends every subscription (the daemon stops).
    public func finish() {
        let continuations = state.withLock { state in
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}
