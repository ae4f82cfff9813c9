import ClusterIPC
import Foundation
import Glibc
import Synchronization

/// totemd's quorum states as an `AsyncSequence` for Swift clients: the current state, then one
/// element per change, as soon as the daemon sends it. Each iterator opens its own tracking
/// connection on its first `next()` and reads it on a thread of its own (a blocking read, so
/// the consuming task is never woken for nothing); the sequence ends when the consuming task is
/// cancelled or stops iterating, which closes the connection.
///
/// ```swift
/// for try await status in TotemdClient(runDirectory: dir).quorumChanges() {
///     print(status.quorate, status.totalVotes, status.members.map(\.nodeID))
/// }
/// ```
public struct QuorumChanges: AsyncSequence, Sendable {
    /// The quorum status after each change.
    public typealias Element = QuorumStatusInfo
    /// Errors of the connection.
    public typealias Failure = TotemdClientError

    let client: TotemdClient

    /// Makes an iterator; each iterator has its own connection.
    public func makeAsyncIterator() -> Iterator { Iterator(client: client) }

    /// Reads notifications from its own tracking connection.
    public struct Iterator: AsyncIteratorProtocol {
        let client: TotemdClient
        var states: AsyncThrowingStream<QuorumStatusInfo, any Error>.Iterator?

        /// The next state; nil once the task is cancelled.
        /// - Throws: ``TotemdClientError`` when the daemon cannot be reached or goes away.
        public mutating func next() async throws(TotemdClientError) -> QuorumStatusInfo? {
            if states == nil {
                if Task.isCancelled { return nil }
                states = QuorumReader.start(client: client).makeAsyncIterator()
            }
            do {
                return try await states?.next()
            } catch let error as TotemdClientError {
                throw error
            } catch {
                throw .disconnected
            }
        }
    }
}

/// The thread behind one ``QuorumChanges`` iterator: it connects, then blocks on the
/// connection and yields each state. Ending the stream shuts the socket down, which wakes the
/// blocked read; the thread then closes the connection and exits.
final class QuorumReader: Sendable {
    private struct State {
        var descriptor: Int32?
        var stopped = false
    }

    private let state = Mutex(State())

    /// Starts a reader thread and returns the states it reads.
    static func start(client: TotemdClient) -> AsyncThrowingStream<QuorumStatusInfo, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: QuorumStatusInfo.self, throwing: (any Error).self)
        let reader = QuorumReader()
        continuation.onTermination = { _ in reader.interrupt() }
        let thread = Thread { reader.run(client: client, continuation: continuation) }
        thread.name = "quorum-changes"
        thread.start()
        return stream
    }

    private func run(client: TotemdClient, continuation: AsyncThrowingStream<QuorumStatusInfo, any Error>.Continuation) {
        do throws(TotemdClientError) {
            let track = try client.trackQuorum()
            try withExtendedLifetime(track) { () throws(TotemdClientError) in
                let live = state.withLock { state in
                    if !state.stopped { state.descriptor = track.descriptor }
                    return !state.stopped
                }
                // The descriptor is forgotten before `track` closes it, so `interrupt` never
                // shuts down a number the process has reused.
                defer { state.withLock { $0.descriptor = nil } }
                while live, let status = try track.next() { continuation.yield(status) }
            }
            continuation.finish()
        } catch {
            if state.withLock({ $0.stopped }) { continuation.finish() } else { continuation.finish(throwing: error) }
        }
    }

    private func interrupt() {
        state.withLock { state in
            state.stopped = true
            if let descriptor = state.descriptor { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }
}
