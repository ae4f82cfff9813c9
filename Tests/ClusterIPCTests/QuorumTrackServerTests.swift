import ClusterClient
import ClusterEngine
import ClusterIPC
import Foundation
import Glibc
import Logging
import NodeCore
import Synchronization
import TestSupport
import Testing
import Totem

/// Quorum tracking and cancel wait_for_all through the NIO server and the blocking client, with
/// a stub provider whose feed the test publishes to.
@Suite struct QuorumTrackServerTests {
    /// A quorum provider whose live status the test sets, and whose feed it publishes.
    final class StubControl: IPCQuorumProvider, IPCQuorumControl {
        let quorumFeed = QuorumStatusFeed()
        let live: Mutex<QuorumStatusInfo>
        let cancels = Mutex(0)
        init(_ status: QuorumStatusInfo) { live = Mutex(status) }
        func quorumStatusInfo() -> QuorumStatusInfo { live.withLock { $0 } }
        func setExpectedVotes(_ expected: UInt32) async throws(QuorumRequestError) {}
        func setVotes(_ votes: UInt32, of node: NodeID) async throws(QuorumRequestError) {}
        func cancelWaitForAll() async throws(QuorumRequestError) { cancels.withLock { $0 += 1 } }
        func change(_ status: QuorumStatusInfo) {
            live.withLock { $0 = status }
            quorumFeed.publish(status)
        }
    }

    typealias Outcome<T> = Result<T, TotemdClientError>

    static let up = QuorumFixtures.twoNodeBothUp
    static var peerGone: QuorumStatusInfo {
        var status = up
        status.members.removeLast()
        status.totalVotes = 1
        status.ringSeq = 0xd
        return status
    }

    static func serve<T: Sendable>(
        quorum: (any IPCQuorumProvider)?, control: (any IPCQuorumControl)?,
        _ body: @escaping @Sendable (TotemdClient) -> T
    ) async throws -> T {
        let config = IPCServerConfiguration(runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
        let server = try await IPCServer.bind(
            config, provider: IPCServerTests.StubProvider(), quorum: quorum, control: control,
            logger: Logger(label: "test"))
        let task = Task { try await server.run() }
        let client = TotemdClient(runDirectory: config.runDirectory, timeout: .seconds(400))
        let result = await offPool { body(client) }
        task.cancel()
        _ = try? await task.value
        return result
    }

    @Test func aTrackerGetsTheCurrentStateThenEachChangeUntilItStops() async throws {
        let stub = StubControl(Self.up)
        let seen = try await Self.serve(quorum: stub, control: stub) { client -> Outcome<[QuorumStatusInfo?]> in
            Outcome { () throws(TotemdClientError) in
                let track = try client.trackQuorum()
                var seen: [QuorumStatusInfo?] = [try track.next(timeout: .seconds(400))]
                stub.change(Self.up)  // unchanged: nothing is pushed
                stub.change(Self.peerGone)
                seen.append(try track.next(timeout: .seconds(400)))
                stub.change(Self.up)
                seen.append(try track.next(timeout: .seconds(400)))
                seen.append(try track.next(timeout: .milliseconds(300)))
                try track.stop()
                stub.change(Self.peerGone)
                seen.append(try track.next(timeout: .milliseconds(300)))
                return seen
            }
        }
        #expect(try seen.get() == [Self.up, Self.peerGone, Self.up, nil, nil])
    }

    @Test func twoTrackersEachGetEveryChange() async throws {
        let stub = StubControl(Self.up)
        let seen = try await Self.serve(quorum: stub, control: stub) { client -> Outcome<[QuorumStatusInfo?]> in
            Outcome { () throws(TotemdClientError) in
                let first = try client.trackQuorum()
                let second = try client.trackQuorum(.changesOnly)
                let current = try first.next(timeout: .seconds(400))
                stub.change(Self.peerGone)
                return [current, try first.next(timeout: .seconds(400)), try second.next(timeout: .seconds(400))]
            }
        }
        #expect(try seen.get() == [Self.up, Self.peerGone, Self.peerGone])
    }

    @Test func refusalsUseCorosyncStatuses() async throws {
        let noVoteQuorum = StubControl(QuorumFixtures.noProvider)
        let (stopUntracked, withoutVoteQuorum) = try await Self.serve(quorum: noVoteQuorum, control: noVoteQuorum) {
            client in
            (
                Outcome { () throws(TotemdClientError) in _ = try client.call(.stopQuorumTracking) },
                Outcome { () throws(TotemdClientError) in _ = try client.trackQuorum() }
            )
        }
        #expect(
            throws: TotemdClientError.failed(.notExist, message: "quorum tracking was not started on this connection")
        ) {
            try stopUntracked.get()
        }
        #expect(throws: TotemdClientError.failed(.notSupported, message: "votequorum is not the quorum provider")) {
            try withoutVoteQuorum.get()
        }
        let (track, cancel) = try await Self.serve(quorum: QuorumServerTests.StubQuorum(), control: nil) { client in
            (
                Outcome { () throws(TotemdClientError) in _ = try client.trackQuorum() },
                Outcome { () throws(TotemdClientError) in try client.cancelWaitForAll() }
            )
        }
        #expect(throws: TotemdClientError.failed(.notSupported, message: "this server has no quorum tracking")) {
            try track.get()
        }
        #expect(throws: TotemdClientError.failed(.notSupported, message: "this server has no quorum service")) {
            try cancel.get()
        }
    }

    @Test func cancelWaitForAllReachesTheControl() async throws {
        let stub = StubControl(Self.up)
        let outcome = try await Self.serve(quorum: stub, control: stub) { client in
            Outcome { () throws(TotemdClientError) in try client.cancelWaitForAll() }
        }
        try outcome.get()
        #expect(stub.cancels.withLock { $0 } == 1)
    }

    @Test func quorumChangesIsAnAsyncSequenceOfStates() async throws {
        let stub = StubControl(Self.up)
        let config = IPCServerConfiguration(runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
        let server = try await IPCServer.bind(
            config, provider: IPCServerTests.StubProvider(), quorum: stub, control: stub, logger: Logger(label: "test"))
        let task = Task { try await server.run() }
        defer { task.cancel() }
        let client = TotemdClient(runDirectory: config.runDirectory, timeout: .seconds(400))
        var seen: [QuorumStatusInfo] = []
        for try await status in client.quorumChanges() {
            seen.append(status)
            if seen.count == 1 { stub.change(Self.peerGone) }
            if seen.count == 2 { break }
        }
        #expect(seen == [Self.up, Self.peerGone])
    }

    /// Cancelling the consumer ends the sequence at once (the reader thread is blocked in a read,
    /// which the cancellation wakes) and the server sees the tracking connection close.
    @Test func cancellingTheConsumerEndsTheSequenceAndClosesTheConnection() async throws {
        let stub = StubControl(Self.up)
        let config = IPCServerConfiguration(runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
        let server = try await IPCServer.bind(
            config, provider: IPCServerTests.StubProvider(), quorum: stub, control: stub, logger: Logger(label: "test"))
        let serverTask = Task { try await server.run() }
        defer { serverTask.cancel() }
        let client = TotemdClient(runDirectory: config.runDirectory, timeout: .seconds(400))
        let first = AsyncStream<Void>.makeStream()
        let consumer = Task { () throws -> Int in
            var count = 0
            for try await _ in client.quorumChanges() {
                count += 1
                first.continuation.yield()
            }
            return count
        }
        for await _ in first.stream { break }
        #expect(stub.quorumFeed.subscriberCount == 1)
        consumer.cancel()
        #expect(try await consumer.value == 1)
        var waited = 0
        while stub.quorumFeed.subscriberCount > 0, waited < 4_000 {
            try await Task.sleep(for: .milliseconds(5))
            waited += 5
        }
        #expect(stub.quorumFeed.subscriberCount == 0)
    }

    @Test func aDaemonThatIsNotThereEndsTheSequenceWithAnError() async {
        let client = TotemdClient(runDirectory: IPCServerTests.runDirectory(), timeout: .seconds(5))
        await #expect(throws: TotemdClientError.self) {
            for try await _ in client.quorumChanges() {}
        }
    }
}
