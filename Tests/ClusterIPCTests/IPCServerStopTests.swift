import ClusterEngine
import ClusterIPC
import Foundation
import Glibc
import Logging
import TestSupport
import Testing

/// Stopping the server while clients are connecting: connections NIO accepted but had not yet
/// handed to the accept loop used to be dropped by the cancelled loop, which traps the whole
/// process (swift-nio issue 2813). Each round cancels the server amid a burst of connects.
@Suite struct IPCServerStopTests {
    @Test func cancellingAmidConnectsNeverTrapsAndReleasesEverySlot() async throws {
        for round in 0..<30 {
            var configuration = IPCServerConfiguration(
                runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
            // Root counted too, so that every slot taken at accept must be given back.
            configuration.uncappedUIDs = []
            configuration.maxConnectionsPerUID = 1_000
            configuration.maxConnections = 1_000
            let server = try await IPCServer.bind(
                configuration, provider: IPCServerTests.StubProvider(), logger: Logger(label: "test"))
            let task = Task { try await server.run() }
            let path = configuration.socketPath
            let clients = Task.detached {
                var sockets: [RawUnixSocket] = []
                for _ in 0..<40 { if let socket = try? RawUnixSocket(path: path) { sockets.append(socket) } }
                return sockets.count
            }
            // Cancel at varying points of the burst.
            try await Task.sleep(for: .microseconds(200 * (round % 10)))
            task.cancel()
            _ = try? await task.value
            _ = await clients.value
            #expect(!FileManager.default.fileExists(atPath: path), "round \(round): the socket file is left")
            let end = ContinuousClock.now + .seconds(5)
            while server.limits.total != 0, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.limits.total == 0, "round \(round): \(server.limits.total) slots still taken")
        }
    }
}
