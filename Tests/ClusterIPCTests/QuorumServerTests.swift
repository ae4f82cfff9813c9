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
import VoteQuorum

/// The quorum calls through the NIO server and TotemdClient, with a stub quorum provider.
@Suite struct QuorumServerTests {
    /// Records the set calls; refuses expected votes below 2 and votes for nodes other than 1, 2.
    final class StubQuorum: IPCQuorumProvider {
        let calls = Mutex<[String]>([])
        func quorumStatusInfo() -> QuorumStatusInfo { QuorumFixtures.twoNodeBothUp }
        func setExpectedVotes(_ expected: UInt32) async throws(QuorumRequestError) {
            guard expected >= 2 else { throw .refused(.invalidParameter) }
            calls.withLock { $0.append("e\(expected)") }
        }
        func setVotes(_ votes: UInt32, of node: NodeID) async throws(QuorumRequestError) {
            guard node == 1 || node == 2 else { throw .refused(.nodeNotFound(node)) }
            calls.withLock { $0.append("v\(votes)n\(node)") }
        }
    }

    typealias Outcome<T> = Result<T, TotemdClientError>

    /// Serves `quorum` on a fresh socket and runs `body` with a client off the cooperative pool
    /// (the client blocks). The server answers from Swift tasks, and CPU-bound suites running in
    /// parallel in this process can hold the (two) cooperative threads for minutes, hence the
    /// long client timeout: a broken server still fails the test, only later.
    static func serve<T: Sendable>(
        quorum: (any IPCQuorumProvider)?, _ body: @escaping @Sendable (TotemdClient) -> T
    ) async throws -> T {
        let config = IPCServerConfiguration(runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
        let server = try await IPCServer.bind(
            config, provider: IPCServerTests.StubProvider(), quorum: quorum, logger: Logger(label: "test"))
        let task = Task { try await server.run() }
        let client = TotemdClient(runDirectory: config.runDirectory, timeout: .seconds(400))
        let result = await offPool { body(client) }
        task.cancel()
        _ = try? await task.value
        return result
    }

    @Test func statusAndSetCallsReachTheProvider() async throws {
        let stub = StubQuorum()
        let (status, expected, votes, badExpected, badNode) = try await Self.serve(quorum: stub) { client in
            (
                Outcome { () throws(TotemdClientError) in try client.quorumStatus() },
                Outcome { () throws(TotemdClientError) in try client.setExpectedVotes(3) },
                Outcome { () throws(TotemdClientError) in try client.setVotes(2, of: 1) },
                Outcome { () throws(TotemdClientError) in try client.setExpectedVotes(1) },
                Outcome { () throws(TotemdClientError) in try client.setVotes(1, of: 9) }
            )
        }
        #expect(try status.get() == QuorumFixtures.twoNodeBothUp)
        try expected.get()
        try votes.get()
        #expect(throws: TotemdClientError.failed(.invalidParam, message: "votequorum refused the value")) {
            try badExpected.get()
        }
        #expect(throws: TotemdClientError.failed(.nameNotFound, message: "votequorum knows no node 9")) {
            try badNode.get()
        }
        #expect(stub.calls.withLock { $0 } == ["e3", "v2n1"])
    }

    @Test func aServerWithoutQuorumServiceSaysNotSupported() async throws {
        let (status, expected) = try await Self.serve(quorum: nil) { client in
            (
                Outcome { () throws(TotemdClientError) in try client.quorumStatus() },
                Outcome { () throws(TotemdClientError) in try client.setExpectedVotes(2) }
            )
        }
        let refusal = TotemdClientError.failed(.notSupported, message: "this server has no quorum service")
        #expect(throws: refusal) { try status.get() }
        #expect(throws: refusal) { try expected.get() }
    }

    @Test func requestErrorsMapToCorosyncStatuses() {
        #expect(QuorumRequestError.refused(.invalidParameter).status == .invalidParam)
        #expect(QuorumRequestError.refused(.nodeNotFound(9)).status == .nameNotFound)
        #expect(QuorumRequestError.noVoteQuorum.status == .notSupported)
        #expect(QuorumRequestError.ringUnavailable("x").status == .tryAgain)
    }
}
