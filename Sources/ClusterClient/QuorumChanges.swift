import ClusterIPC

/// totemd's quorum states as an `AsyncSequence` for Swift clients: the current state, then one
/// element per change. The connection is opened on the first `next()`; the iterator checks
/// the socket every `pollInterval` without blocking the task's thread, and the sequence ends
/// when the consuming task is cancelled.
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
    let pollInterval: Duration

    /// Makes an iterator; each iterator has its own connection.
    public func makeAsyncIterator() -> Iterator { Iterator(client: client, pollInterval: pollInterval) }

    /// Reads notifications from its own tracking connection.
    public struct Iterator: AsyncIteratorProtocol {
        let client: TotemdClient
        let pollInterval: Duration
        var track: QuorumTrack?

        /// The next state; nil once the task is cancelled.
        /// - Throws: ``TotemdClientError`` when the daemon cannot be reached or goes away.
        public mutating func next() async throws(TotemdClientError) -> QuorumStatusInfo? {
            if Task.isCancelled { return nil }
            let connection: QuorumTrack
            if let track {
                connection = track
            } else {
                connection = try client.trackQuorum()
                track = connection
            }
            while true {
                if let status = try connection.next(timeout: .zero) { return status }
                do {
                    try await Task.sleep(for: pollInterval)
                } catch {
                    track = nil
                    return nil
                }
            }
        }
    }
}
