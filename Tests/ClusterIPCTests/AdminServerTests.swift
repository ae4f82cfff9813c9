import ClusterClient
import ClusterEngine
import ClusterIPC
import Glibc
import Logging
import NodeCore
import Synchronization
import TestSupport
import Testing
import Totem

/// `cfgtool -k` / `-H` through the NIO server and TotemdClient, with a stub ``IPCNodeAdmin``.
@Suite struct AdminServerTests {
    /// Members 1...3; records the calls; a second shutdown is refused as corosync refuses it.
    final class StubAdmin: IPCNodeAdmin {
        let calls = Mutex<[String]>([])
        func killNode(_ nodeID: NodeID, reason: String) async throws(NodeAdminError) {
            guard reason.utf8.count <= 255 else { throw .reasonTooLong(reason.utf8.count) }
            guard (1...3).contains(nodeID.rawValue) else { throw .notMember(nodeID) }
            calls.withLock { $0.append("k\(nodeID):\(reason)") }
        }
        func requestShutdown(_ flag: ShutdownFlag) async throws(NodeAdminError) {
            let first = calls.withLock { calls in
                defer { calls.append("h\(flag.rawValue)") }
                return !calls.contains { $0.hasPrefix("h") }
            }
            guard first else { throw .shutdownInProgress }
        }
        /// The first reopen works, the next ones find the path gone.
        func reopenLogFiles() throws(NodeAdminError) {
            let count = calls.withLock { calls in
                calls.append("L")
                return calls.filter { $0 == "L" }.count
            }
            guard count == 1 else {
                throw .logFile("Can't open logfile '/gone/x.log' for reason: No such file or directory (2)")
            }
        }
    }

    typealias Outcome = Result<Void, TotemdClientError>

    static func serve<T: Sendable>(
        admin: (any IPCNodeAdmin)?, _ body: @escaping @Sendable (TotemdClient, String) throws -> T
    ) async throws -> T {
        let config = IPCServerConfiguration(runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
        let server = try await IPCServer.bind(
            config, provider: IPCServerTests.StubProvider(), admin: admin, logger: Logger(label: "test"))
        let task = Task { try await server.run() }
        let client = TotemdClient(runDirectory: config.runDirectory, timeout: .seconds(400))
        let result = try await offPool { try body(client, config.socketPath) }
        task.cancel()
        _ = try? await task.value
        return result
    }

    @Test func killAndShutdownReachTheAdminWithCorosyncStatuses() async throws {
        let stub = StubAdmin()
        let (kill, stranger, long, first, second) = try await Self.serve(admin: stub) { client, _ in
            (
                Outcome { () throws(TotemdClientError) in try client.killNode(3, reason: "Killed by corosync-cfgtool")
                },
                Outcome { () throws(TotemdClientError) in try client.killNode(7, reason: "x") },
                Outcome { () throws(TotemdClientError) in
                    try client.killNode(2, reason: String(repeating: "y", count: 256))
                },
                Outcome { () throws(TotemdClientError) in try client.shutdown(.request) },
                Outcome { () throws(TotemdClientError) in try client.shutdown(.regardless) }
            )
        }
        try kill.get()
        #expect(throws: TotemdClientError.failed(.notExist, message: "node 7 is not a member of the ring")) {
            try stranger.get()
        }
        #expect(throws: TotemdClientError.failed(.nameTooLong, message: NodeAdminError.reasonTooLong(256).description))
        { try long.get() }
        try first.get()
        #expect(throws: TotemdClientError.failed(IPCStatus(rawValue: 14), message: "a shutdown is already in progress"))
        { try second.get() }
        #expect(stub.calls.withLock { $0 } == ["k3:Killed by corosync-cfgtool", "h0", "h1"])
    }

    @Test func malformedAdminFramesGetErrorsAndTheServerStaysUp() async throws {
        let stub = StubAdmin()
        let (frames, closed, after) = try await Self.serve(admin: stub) { client, path in
            let raw = try RawUnixSocket(path: path)
            raw.send(
                IPCFrame(kind: .killNode, requestID: 21, body: [3, 0, 0]).encoded()
                    + IPCFrame(kind: .shutdown, requestID: 22, body: [9, 0, 0, 0]).encoded()
                    + IPCFrame(kind: .killNode, requestID: 23, body: [3, 0, 0, 0, 1, 0, 0, 0, 0xC3]).encoded())
            let (frames, closed) = try raw.readFrames(3)
            return (frames, closed, Outcome { () throws(TotemdClientError) in try client.killNode(1, reason: "ok") })
        }
        #expect(!closed && frames.map(\.requestID) == [21, 22, 23])
        let statuses = frames.map { frame -> IPCStatus? in
            let request: IPCRequest =
                frame.kind == IPCKind.shutdown.reply ? .shutdown(.request) : .killNode(nodeID: 0, reason: "")
            guard case .failure(let status, _)? = try? IPCReply.decode(frame, for: request) else { return nil }
            return status
        }
        #expect(frames.map(\.kind.rawValue) == [0x8104, 0x8105, 0x8104])
        #expect(statuses == [.messageError, .invalidParam, .messageError])
        try after.get()
        #expect(stub.calls.withLock { $0 } == ["k1:ok"])
    }

    @Test func aServerWithoutAdminSaysNotSupported() async throws {
        let outcome = try await Self.serve(admin: nil) { client, _ in
            Outcome { () throws(TotemdClientError) in try client.shutdown(.request) }
        }
        #expect(
            throws: TotemdClientError.failed(
                .notSupported, message: "this server cannot kill nodes, shut down or reopen logs")
        ) { try outcome.get() }
    }
}
