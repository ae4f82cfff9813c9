import NodeCore
import ClusterClient
import ClusterEngine
import ClusterIPC
import Synchronization
import Testing

/// The `reopenLogFiles` call (`0x0106`, `cfgtool -L`): empty body both ways, the result in the
/// status; served by the node admin, `CS_ERR_LIBRARY` when a file cannot be reopened.
@Suite struct ReopenLogFilesTests {
    @Test func requestAndRepliesRoundTrip() throws {
        let frame = IPCRequest.reopenLogFiles.frame(requestID: 4)
        #expect(frame.kind.rawValue == 0x0106 && frame.body.isEmpty)
        #expect(try IPCRequest.decode(frame) == .reopenLogFiles)
        #expect(IPCKind.requests.contains(.reopenLogFiles))
        #expect(IPCKind.reopenLogFiles.description == "reopenLogFiles(0x106)")
        let done = IPCReply.done.frame(requestKind: .reopenLogFiles, requestID: 4)
        #expect(done.kind.rawValue == 0x8106)
        #expect(try IPCReply.decode(done, for: .reopenLogFiles) == .done)
        let refused = IPCReply.failure(.library, message: "gone").frame(requestKind: .reopenLogFiles, requestID: 4)
        #expect(try IPCReply.decode(refused, for: .reopenLogFiles) == .failure(.library, message: "gone"))
        #expect(throws: IPCError.self) { try IPCRequest.decode(IPCFrame(kind: .reopenLogFiles, requestID: 1, body: [0])) }
    }

    @Test func theAdminReopensAndItsFailureIsCSErrLibrary() async throws {
        let stub = AdminServerTests.StubAdmin()
        typealias Outcome = AdminServerTests.Outcome
        let (first, second) = try await AdminServerTests.serve(admin: stub) { client, _ in
            (Outcome { () throws(TotemdClientError) in _ = try client.call(.reopenLogFiles) },
             Outcome { () throws(TotemdClientError) in _ = try client.call(.reopenLogFiles) })
        }
        try first.get()
        #expect(throws: TotemdClientError.failed(.library, message: "Can't open logfile '/gone/x.log' for reason: No such file or directory (2)")) {
            try second.get()
        }
        #expect(stub.calls.withLock { $0 } == ["L", "L"])
        let unserved = try await AdminServerTests.serve(admin: nil) { client, _ in
            Outcome { () throws(TotemdClientError) in _ = try client.call(.reopenLogFiles) }
        }
        #expect(throws: TotemdClientError.self) { try unserved.get() }
        #expect(NodeAdminError.logFile("x").status.name == "CS_ERR_LIBRARY")
    }
}
