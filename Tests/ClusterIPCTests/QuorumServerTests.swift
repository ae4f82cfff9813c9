import ClusterClient
import ClusterEngine
import ClusterIPC
import Foundation
import Glibc
import Logging
import Synchronization
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

    static func serve(quorum: (any IPCQuorumProvider)?, _ body: @escaping @Sendable (TotemdClient) throws -> Void) async throws {
        let config = IPCServerConfiguration(runDirectory: IPCServerTests.runDirectory(), allowedUIDs: [0, getuid()])
        let server = try await IPCServer.bind(config, provider: IPCServerTests.StubProvider(), quorum: quorum, logger: Logger(label: "test"))
        let task = Task { try await server.run() }
        defer { task.cancel() }
        let client = TotemdClient(runDirectory: config.runDirectory)
        try await offPool { try body(client) }
    }

    @Test func statusAndSetCallsReachTheProvider() async throws {
        let stub = StubQuorum()
        try await Self.serve(quorum: stub) { client in
            #expect(try client.quorumStatus() == QuorumFixtures.twoNodeBothUp)
            try client.setExpectedVotes(3)
            try client.setVotes(2, of: 1)
            #expect(throws: TotemdClientError.failed(.invalidParam, message: "votequorum refused the value")) {
                try client.setExpectedVotes(1)
            }
            #expect(throws: TotemdClientError.failed(.nameNotFound, message: "votequorum knows no node 9")) {
                try client.setVotes(1, of: 9)
            }
        }
        #expect(stub.calls.withLock { $0 } == ["e3", "v2n1"])
    }

    @Test func aServerWithoutQuorumServiceSaysNotSupported() async throws {
        try await Self.serve(quorum: nil) { client in
            #expect(throws: TotemdClientError.failed(.notSupported, message: "this server has no quorum service")) {
                try client.quorumStatus()
            }
            #expect(throws: TotemdClientError.failed(.notSupported, message: "this server has no quorum service")) {
                try client.setExpectedVotes(2)
            }
        }
    }

    @Test func requestErrorsMapToCorosyncStatuses() {
        #expect(QuorumRequestError.refused(.invalidParameter).status == .invalidParam)
        #expect(QuorumRequestError.refused(.nodeNotFound(9)).status == .nameNotFound)
        #expect(QuorumRequestError.noVoteQuorum.status == .notSupported)
        #expect(QuorumRequestError.ringUnavailable("x").status == .tryAgain)
    }
}
