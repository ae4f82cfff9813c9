import ClusterEngine
import ClusterIPC
import Foundation
import Glibc
import Logging
import TestSupport
import Testing

/// The server counts accepted connections while they are open and once they have ended
/// (`stats.ipcs.global.active` / `.closed`); refused peers are never counted.
@Suite struct IPCConnectionCountsTests {
    /// Polls until `counts` shows `expected` (the server notices a close on its own time).
    static func wait(
        for expected: IPCConnectionCounts.Snapshot, in counts: IPCConnectionCounts
    ) async throws -> IPCConnectionCounts.Snapshot {
        let end = ContinuousClock.now + .seconds(120)
        while counts.snapshot != expected, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(20)) }
        return counts.snapshot
    }

    static func serve(
        _ config: IPCServerConfiguration, counts: IPCConnectionCounts, _ body: () async throws -> Void
    ) async throws {
        let server = try await IPCServer.bind(
            config, provider: IPCServerTests.StubProvider(), connections: counts, logger: Logger(label: "test"))
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await body()
    }

    @Test func acceptedConnectionsAreCountedOpenThenClosed() async throws {
        let counts = IPCConnectionCounts()
        let config = IPCServerConfiguration(runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
        try await Self.serve(config, counts: counts) {
            var first: RawUnixSocket? = try RawUnixSocket(path: config.socketPath)
            let second = try RawUnixSocket(path: config.socketPath)
            for (index, socket) in [first!, second].enumerated() {
                socket.send(IPCRequest.nodeList.frame(requestID: UInt32(index)).encoded())
                let (frames, _) = try await offPool { try socket.readFrames(1) }
                #expect(frames.count == 1)
            }
            #expect(counts.snapshot == IPCConnectionCounts.Snapshot(active: 2, closed: 0))
            first = nil  // closes the socket
            #expect(try await Self.wait(for: .init(active: 1, closed: 1), in: counts) == .init(active: 1, closed: 1))
            _ = first
            shutdown(second.fd, Int32(SHUT_RDWR))
            #expect(try await Self.wait(for: .init(active: 0, closed: 2), in: counts) == .init(active: 0, closed: 2))
        }
    }

    @Test func refusedPeersAreNotCounted() async throws {
        let counts = IPCConnectionCounts()
        let config = IPCServerConfiguration(
            runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [getuid() &+ 12_345])
        try await Self.serve(config, counts: counts) {
            let refused = try RawUnixSocket(path: config.socketPath)
            refused.send(IPCRequest.nodeList.frame(requestID: 1).encoded())
            let (frames, _) = try await offPool { try refused.readFrames(1) }
            #expect(
                try frames.first.map { try IPCReply.decode($0, for: .nodeList) }.map {
                    if case .failure(.access, _) = $0 { true } else { false }
                } == true)
            #expect(await offPool { refused.closedByPeer() })
            #expect(counts.snapshot == IPCConnectionCounts.Snapshot(active: 0, closed: 0))
        }
    }
}
