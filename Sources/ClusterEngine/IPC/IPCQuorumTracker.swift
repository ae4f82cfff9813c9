import ClusterIPC
import NIOCore
import Synchronization

/// The quorum tracking of one IPC connection: answers `trackQuorum` and `stopQuorumTracking`
/// through a pure ``QuorumTrackingState`` and pushes ``QuorumNotification``s from the
/// daemon's ``QuorumStatusFeed`` while the connection tracks.
///
/// Every frame is handed to the channel while the state lock is held, so the frames of one
/// connection leave in the order the state machine produced them: the track reply before the
/// current state, and nothing after the stop reply.
final class IPCQuorumTracker: Sendable {
    /// What the server runs as a child task of the connection after a track request: the push
    /// loop, which ends when tracking stops or the connection closes.
    typealias PushLoop = @Sendable () async -> Void

    private struct State {
        var tracking = QuorumTrackingState()
        var subscription: UInt64?
    }

    private let channel: any Channel
    private let quorum: (any IPCQuorumProvider)?
    private let control: (any IPCQuorumControl)?
    private let state = Mutex(State())

    init(channel: any Channel, quorum: (any IPCQuorumProvider)?, control: (any IPCQuorumControl)?) {
        self.channel = channel
        self.quorum = quorum
        self.control = control
    }

    /// Handles `request` if it is a tracking request: writes its reply (and the current state),
    /// and returns the push loop to run when a subscription started. Returns nil, having done
    /// nothing, for any other request.
    func handle(_ request: IPCRequest, requestID: UInt32) async throws -> PushLoop?? {
        switch request {
        case .trackQuorum(let flags):
            return .some(try await start(flags, requestID: requestID))
        case .stopQuorumTracking:
            try await stop(requestID: requestID)
            return .some(nil)
        case .ringStatus, .nodeList, .quorumStatus, .setExpectedVotes, .setVotes, .cancelWaitForAll, .cmap, .reloadConfig,
            .killNode, .shutdown, .reopenLogFiles:
            return nil
        }
    }

    /// Ends the subscription (the connection is closing): the push loop finishes.
    func close() {
        let subscription = state.withLock { state in
            defer { state.subscription = nil }
            return state.subscription
        }
        if let subscription { control?.quorumFeed.unsubscribe(subscription) }
    }

    private func start(_ flags: QuorumTrackFlags, requestID: UInt32) async throws -> PushLoop? {
        guard let quorum, let control else {
            try await write([Self.refusal(.notSupported, "this server has no quorum tracking", requestID: requestID)])
            return nil
        }
        let live = quorum.quorumStatusInfo()
        guard live.voteQuorum else {
            try await write([Self.refusal(.notSupported, "votequorum is not the quorum provider", requestID: requestID)])
            return nil
        }
        let feed = control.quorumFeed
        let subscribed = state.withLock { $0.subscription != nil }
        let fresh = flags.tracksChanges && !subscribed ? feed.subscribe() : nil
        let current = fresh.map { $0.latest ?? live } ?? feed.latest ?? live
        let (futures, dropped) = state.withLock { state -> ([EventLoopFuture<Void>], UInt64?) in
            let frames = state.tracking.start(flags, requestID: requestID, current: current)
            var dropped: UInt64?
            if let fresh { state.subscription = fresh.id }
            if !flags.tracksChanges {
                dropped = state.subscription
                state.subscription = nil
            }
            return (frames.map(submit), dropped)
        }
        if let dropped { feed.unsubscribe(dropped) }
        for future in futures { try await future.get() }
        guard let fresh else { return nil }
        return { [self] in await self.push(fresh.stream, subscription: fresh.id) }
    }

    private func stop(requestID: UInt32) async throws {
        let (futures, dropped) = state.withLock { state -> ([EventLoopFuture<Void>], UInt64?) in
            let frames = state.tracking.stop(requestID: requestID)
            defer { state.subscription = nil }
            return (frames.map(submit), state.subscription)
        }
        if let dropped { control?.quorumFeed.unsubscribe(dropped) }
        for future in futures { try await future.get() }
    }

    /// Writes a notification for every published state that differs from the last one sent,
    /// while `subscription` is the connection's current one.
    private func push(_ stream: AsyncStream<QuorumStatusInfo>, subscription: UInt64) async {
        for await status in stream {
            let futures = state.withLock { state -> [EventLoopFuture<Void>] in
                guard state.subscription == subscription else { return [] }
                return state.tracking.offer(status).map(submit)
            }
            do {
                for future in futures { try await future.get() }
            } catch {
                close()
                return
            }
        }
    }

    private func submit(_ frame: IPCFrame) -> EventLoopFuture<Void> {
        channel.writeAndFlush(ByteBuffer(bytes: frame.encoded()))
    }

    private func write(_ frames: [IPCFrame]) async throws {
        for frame in frames { try await submit(frame).get() }
    }

    private static func refusal(_ status: IPCStatus, _ message: String, requestID: UInt32) -> IPCFrame {
        IPCReply.failure(status, message: message).frame(requestKind: .trackQuorum, requestID: requestID)
    }
}
