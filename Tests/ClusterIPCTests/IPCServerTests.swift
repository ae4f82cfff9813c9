import ClusterClient
import ClusterEngine
import ClusterIPC
import Foundation
import Glibc
import Logging
import TestSupport
import Testing
import Totem
import TotemRuntime

/// The NIO server over a real Unix socket in a temporary run directory, with a stub provider.
@Suite struct IPCServerTests {
    struct StubProvider: IPCStatusProvider {
        func ringStatusInfo() -> RingStatusInfo { IPCFixtures.ringStatus }
    }

    /// How long a client waits for an answer: the server answers from Swift tasks, and
    /// CPU-bound suites running in parallel in this process can hold the cooperative threads for
    /// minutes on a 2-core machine (a broken server still fails, only later).
    static let patientTimeout: Duration = .seconds(400)

    static func runDirectory() -> String {
        "/tmp/ipc-test-\(UUID().uuidString.prefix(8))/run"
    }

    /// Runs `body` with a bound, serving server, then stops it and returns.
    static func withServer(
        _ configuration: IPCServerConfiguration, _ body: (IPCServer) async throws -> Void
    ) async throws {
        let server = try await IPCServer.bind(configuration, provider: StubProvider(), logger: Logger(label: "test"))
        let task = Task { try await server.run() }
        do {
            try await body(server)
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
        task.cancel()
        try await task.value
    }

    @Test func garbageAndTruncatedConnectionsDoNotStopGoodOnes() async throws {
        let config = IPCServerConfiguration(runDirectory: Self.runDirectory(), allowedUIDs: [0, getuid()])
        try await Self.withServer(config) { (_: IPCServer) async throws in
            let client = TotemdClient(runDirectory: config.runDirectory, timeout: Self.patientTimeout)
            // A client that stops mid-frame and stays connected.
            let stuck = try RawUnixSocket(path: config.socketPath)
            stuck.send(Array(IPCRequest.ringStatus.frame(requestID: 1).encoded().prefix(9)))
            // A client that claims a 2 MiB frame: error reply, then closed.
            let huge = try RawUnixSocket(path: config.socketPath)
            huge.send(IPCFixtures.rawFrame(length: 2 << 20, kind: 0x0101, requestID: 5))
            let (hugeReplies, hugeClosed) = try await offPool { try huge.readFrames(2) }
            #expect(hugeReplies.count == 1 && hugeClosed)
            #expect(
                try IPCReply.decode(hugeReplies[0], for: .ringStatus)
                    == .failure(.tooBig, message: IPCError.frameTooLarge(length: 2 << 20).description))
            // A client sending random garbage gets an error reply and is closed or ignored, never crashes the server.
            let garbage = try RawUnixSocket(path: config.socketPath)
            var random = SplitMix64(seed: 7)
            garbage.send((0..<500).map { _ in UInt8.random(in: 0...255, using: &random) })
            // Meanwhile a good client on another connection is answered.
            #expect(try await offPool { try client.ringStatus() } == IPCFixtures.ringStatus)
            #expect(try await offPool { try client.nodeList() } == IPCFixtures.ringStatus.nodeList)
            // One connection: bad version, unknown kind, malformed body, then a good request, all answered in order.
            let mixed = try RawUnixSocket(path: config.socketPath)
            mixed.send(
                IPCFrame(version: 3, kind: .ringStatus, requestID: 10).encoded()
                    + IPCFrame(kind: IPCKind(rawValue: 0x3F04), requestID: 11).encoded()
                    + IPCFrame(kind: .nodeList, requestID: 12, body: [1, 2, 3]).encoded()
                    + IPCRequest.nodeList.frame(requestID: 13).encoded())
            let (frames, closed) = try await offPool { try mixed.readFrames(4) }
            #expect(!closed && frames.map(\.requestID) == [10, 11, 12, 13])
            #expect(frames.map(\.kind.rawValue) == [0xFFFF, 0xBF04, 0x8102, 0x8102])
            #expect(
                try IPCReply.decode(frames[0], for: .ringStatus)
                    == .failure(.version, message: "unsupported protocol version 3"))
            var unknownKindReply = IPCReader(frames[1].body)
            #expect(try unknownKindReply.u32("status") == IPCStatus.notSupported.rawValue)
            guard case .failure(.messageError, _) = try IPCReply.decode(frames[2], for: .nodeList) else {
                throw RawSocketError.read(0)
            }
            #expect(try IPCReply.decode(frames[3], for: .nodeList) == .nodeList(IPCFixtures.ringStatus.nodeList))
            // The stuck client finishes its frame late and is answered too.
            stuck.send(Array(IPCRequest.ringStatus.frame(requestID: 1).encoded().dropFirst(9)))
            let (late, _) = try await offPool { try stuck.readFrames(1) }
            #expect(
                try late.first.map { try IPCReply.decode($0, for: .ringStatus) } == .ringStatus(IPCFixtures.ringStatus))
            _ = garbage
        }
    }

    @Test func socketIsRootOnlyAndRemovedAtShutdown() async throws {
        let config = IPCServerConfiguration(runDirectory: Self.runDirectory(), allowedUIDs: [0, getuid()])
        try await Self.withServer(config) { (_: IPCServer) async throws in
            var info = stat()
            #expect(stat(config.socketPath, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect((info.st_mode & S_IFMT) == S_IFSOCK)
            #expect(stat(config.runDirectory, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o755)
        }
        #expect(access(config.socketPath, F_OK) != 0)
        #expect(throws: TotemdClientError.notRunning(socketPath: config.socketPath)) {
            try TotemdClient(runDirectory: config.runDirectory).ringStatus()
        }
    }

    /// A tool whose request is on the wire when the server refuses it at accept reads the
    /// unasked refusal as its reply. (One that sends only after the close would see a broken
    /// connection instead; the raw-socket tests in IPCAdmissionTests check the refusal itself.)
    @Test func peersWhoseUIDIsNotAllowedGetAccessDenied() async throws {
        let config = IPCServerConfiguration(runDirectory: Self.runDirectory(), allowedUIDs: [getuid() &+ 12_345])
        try await Self.withServer(config) { (_: IPCServer) async throws in
            let result = await offPool {
                Result { () throws(TotemdClientError) in
                    try TotemdClient(runDirectory: config.runDirectory, timeout: Self.patientTimeout).ringStatus()
                }
            }
            #expect(
                throws: TotemdClientError.failed(.access, message: "permission denied: only root may use totemd's IPC")
            ) { try result.get() }
        }
    }

    @Test func staleSocketIsReplacedButALiveServerIsNot() async throws {
        let config = IPCServerConfiguration(runDirectory: Self.runDirectory(), allowedUIDs: [0, getuid()])
        try FileManager.default.createDirectory(atPath: config.runDirectory, withIntermediateDirectories: true)
        // A socket file nobody listens on, as a killed daemon leaves it.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in config.socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        close(stale)
        try await Self.withServer(config) { (_: IPCServer) async throws in
            #expect(
                try await offPool {
                    try TotemdClient(runDirectory: config.runDirectory, timeout: Self.patientTimeout).ringStatus()
                } == IPCFixtures.ringStatus)
            await #expect(throws: IPCServerError.self) {
                _ = try await IPCServer.bind(config, provider: StubProvider(), logger: Logger(label: "second"))
            }
            // The refused second server left the first one's socket alone.
            #expect(
                try await offPool {
                    try TotemdClient(runDirectory: config.runDirectory, timeout: Self.patientTimeout).nodeList()
                } == IPCFixtures.ringStatus.nodeList)
        }
    }

    @Test func byDefaultOnlyRootIsAllowedUnderTheDefaultRunDirectory() {
        let defaults = IPCServerConfiguration()
        #expect(defaults.allowedUIDs == [0])
        #expect(defaults.socketPath == "/run/totemd/totemd.sock")
    }

    @Test func clientWithoutDaemonSaysNotRunning() {
        let directory = Self.runDirectory()
        #expect(throws: TotemdClientError.notRunning(socketPath: directory + "/totemd.sock")) {
            try TotemdClient(runDirectory: directory).nodeList()
        }
    }
}
