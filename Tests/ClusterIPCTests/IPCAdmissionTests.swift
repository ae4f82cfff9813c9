import ClusterClient
import ClusterEngine
import ClusterIPC
import Foundation
import Glibc
import Logging
import TestSupport
import Testing

/// Peers are judged at accept: refused ones get their refusal unasked and are closed at once,
/// the caps hold, and refusals are logged rate-limited.
@Suite struct IPCAdmissionTests {
    static func withServer(
        _ configuration: IPCServerConfiguration, log: CapturedLog.Lines = .init(),
        _ body: (IPCServer) async throws -> Void
    ) async throws {
        let server = try await IPCServer.bind(
            configuration, provider: IPCServerTests.StubProvider(), logger: CapturedLog.logger(log))
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await body(server)
    }

    static func refusing() -> IPCServerConfiguration {
        IPCServerConfiguration(
            runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [getuid() &+ 12_345],
            refusalLogInterval: .seconds(600))
    }

    /// `count` connections for `getuid()`, each answered once (so each holds a slot).
    static func servedConnections(_ count: Int, path: String) async throws -> [RawUnixSocket] {
        var sockets: [RawUnixSocket] = []
        for index in 0..<count {
            let socket = try RawUnixSocket(path: path)
            socket.send(IPCRequest.ringStatus.frame(requestID: UInt32(index + 1)).encoded())
            let (frames, _) = try await offPool { try socket.readFrames(1) }
            let reply = try frames.first.map { try IPCReply.decode($0, for: .ringStatus) }
            #expect(reply == .ringStatus(IPCFixtures.ringStatus))
            sockets.append(socket)
        }
        return sockets
    }

    /// The single frame a refused peer reads before the server closes, decoded for `request`.
    static func refusal(at path: String, for request: IPCRequest) async throws -> IPCReply? {
        let socket = try RawUnixSocket(path: path)
        let (frames, closed) = try await offPool { try socket.readFrames(2) }
        #expect(frames.count == 1 && closed)
        #expect(frames.first?.kind == .protocolError && frames.first?.requestID == 0)
        return try frames.first.map { try IPCReply.decode($0, for: request) }
    }

    @Test func refusedPeerGetsAccessDeniedWithoutAskingAndIsClosed() async throws {
        let config = Self.refusing()
        try await Self.withServer(config) { server in
            let reply = try await Self.refusal(at: config.socketPath, for: .ringStatus)
            #expect(reply == .failure(.access, message: IPCServerSession.accessDeniedMessage))
            #expect(server.connections.snapshot == IPCConnectionCounts.Snapshot(active: 0, closed: 0))
        }
    }

    @Test func refusedPeerThatAsksReadsTheRefusalAsItsReply() async throws {
        let config = Self.refusing()
        try await Self.withServer(config) { _ in
            let socket = try RawUnixSocket(path: config.socketPath)
            socket.send(IPCRequest.nodeList.frame(requestID: 9).encoded())
            let (frames, _) = try await offPool { try socket.readFrames(1) }
            #expect(
                try frames.first.map { try IPCReply.decode($0, for: .nodeList) }
                    == .failure(.access, message: IPCServerSession.accessDeniedMessage))
            #expect(await offPool { socket.closedByPeer() })
        }
    }

    @Test func refusalsAreLoggedOncePerUIDPerInterval() async throws {
        let config = Self.refusing()
        let log = CapturedLog.Lines()
        try await Self.withServer(config, log: log) { _ in
            for _ in 0..<50 {
                // Asking ends the refused connection's linger at once.
                let socket = try RawUnixSocket(path: config.socketPath)
                socket.send(IPCRequest.ringStatus.frame(requestID: 1).encoded())
                #expect(try await offPool { try socket.readFrames(2) }.closed)
            }
            let lines = log.matching("uid not allowed")
            #expect(lines.count == 1)
            #expect(lines.first?.metadata["ipc.peer_uid"] == "\(getuid())")
        }
    }

    @Test func perUIDCapRefusesWithTryAgainAndAClosedConnectionFreesItsSlot() async throws {
        let config = IPCServerConfiguration(
            runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()], maxConnectionsPerUID: 3,
            uncappedUIDs: [], refusalLogInterval: .seconds(600))
        let log = CapturedLog.Lines()
        try await Self.withServer(config, log: log) { server in
            var held = try await Self.servedConnections(3, path: config.socketPath)
            #expect(server.limits.held(by: getuid()) == 3)
            for _ in 0..<3 {
                let reply = try await Self.refusal(at: config.socketPath, for: .ringStatus)
                #expect(reply == .failure(.tryAgain, message: "too many connections (3 per uid)"))
            }
            #expect(log.matching("too many connections").count == 1)
            held.removeLast()  // closes it
            let end = ContinuousClock.now + .seconds(60)
            while server.limits.held(by: getuid()) > 2, ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(10))
            }
            let client = TotemdClient(runDirectory: config.runDirectory, timeout: IPCServerTests.patientTimeout)
            #expect(try await offPool { try client.ringStatus() } == IPCFixtures.ringStatus)
            _ = held
        }
    }

    @Test func globalCapCountsEveryCappedPeer() async throws {
        let config = IPCServerConfiguration(
            runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()], maxConnectionsPerUID: 10,
            maxConnections: 2, uncappedUIDs: [])
        try await Self.withServer(config) { server in
            let held = try await Self.servedConnections(2, path: config.socketPath)
            let reply = try await Self.refusal(at: config.socketPath, for: .nodeList)
            #expect(reply == .failure(.tryAgain, message: "too many connections (2 in all)"))
            #expect(server.limits.total == 2)
            _ = held
        }
    }

    @Test func rootIsUncappedByDefault() async throws {
        let config = IPCServerConfiguration(
            runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()], maxConnectionsPerUID: 1,
            maxConnections: 1)
        try await Self.withServer(config) { server in
            guard getuid() == 0 else { return }
            let held = try await Self.servedConnections(3, path: config.socketPath)
            #expect(server.limits.total == 0 && server.connections.snapshot.active == 3)
            _ = held
        }
    }
}
