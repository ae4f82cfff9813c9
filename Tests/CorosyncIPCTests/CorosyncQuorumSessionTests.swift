import ClusterIPC
import CorosyncIPC
import CorosyncIPCCodec
import NodeCore
import Synchronization
import Testing
import Totem

@testable import ClusterEngine

/// A node's quorum as the stock services see it, fixed by the test: members 1 and 2 of
/// `10.0.0.x` by default. votequorum refuses every expected votes value and knows only the
/// members.
final class FakeQuorumSource: CorosyncQuorumSource {
    let corosyncQuorumTrackers = CorosyncQuorumTrackers()
    let localNodeID: UInt32 = 1
    let info: Mutex<QuorumStatusInfo>
    let addresses: [UInt32: IPAddress]

    init(
        _ info: QuorumStatusInfo = FakeQuorumSource.status(quorate: true, seq: 5),
        addresses: [UInt32: IPAddress] = [1: .v4([10, 0, 0, 1]), 2: .v4([10, 0, 0, 2])]
    ) {
        self.info = Mutex(info)
        self.addresses = addresses
    }

    static func status(quorate: Bool, seq: UInt64) -> QuorumStatusInfo {
        let member = { (id: UInt32) in
            QuorumMemberEntry(
                nodeID: id, known: true, votes: 1, expectedVotes: 2, state: 1, deviceFlags: 0, name: "n\(id)",
                address: "10.0.0.\(id)")
        }
        return QuorumStatusInfo(
            localNodeID: 1, provider: "corosync_votequorum", voteQuorum: true, quorate: quorate, ringRep: 1,
            ringSeq: seq, expectedVotes: 2, highestExpected: 2, totalVotes: 2, quorum: 2, flags: quorate ? 2 : 0,
            waitForAllPending: false, deviceVotes: 0, deviceName: "", members: [member(1), member(2)])
    }

    func quorumStatusInfo() -> QuorumStatusInfo { info.withLock { $0 } }
    func setExpectedVotes(_ expected: UInt32) async throws(QuorumRequestError) { throw .refused(.invalidParameter) }
    func setVotes(_ votes: UInt32, of node: NodeID) async throws(QuorumRequestError) {
        guard quorumStatusInfo().members.contains(where: { $0.nodeID == node.rawValue }) else {
            throw .refused(.nodeNotFound(node))
        }
    }
    func linkAddresses(of node: UInt32) -> [IPAddress] { addresses[node].map { [$0] } ?? [] }
    let packetBudget: UInt32 = 1410
}

/// The quorum, votequorum and cfg sessions' semantics (exec/vsf_quorum.c, votequorum.c, cfg.c)
/// on a fake node.
@Suite struct CorosyncQuorumSessionTests {
    static func connection() -> CorosyncConnection {
        CorosyncConnection.unattached(peer: CorosyncPeer(pid: 1, uid: 0, gid: 0))
    }

    static func call(_ session: some CorosyncSession, _ request: [UInt8]) -> [UInt8] {
        guard case .response(let bytes) = session.receive(request) else { return [] }
        return bytes
    }

    @Test func quorumTracksAtNotificationPointsOnly() {
        let source = FakeQuorumSource()
        let connection = Self.connection()
        let session = CorosyncQuorumSession(source: source, connection: connection)
        #expect(WireReader(Self.call(session, LibBytes.request(0, []))).int32(at: 24) == 1)
        #expect(WireReader(Self.call(session, LibBytes.request(3, []))).int32(at: 24) == 1)
        // CURRENT: one event now, no tracker.
        #expect(LibBytes.header(Self.call(session, LibBytes.request(1, LibBytes.i32(1)))).error == 1)
        #expect(
            connection.queuedEvents() == [QuorumLibResponse.notification(quorate: true, ringSeq: 5, members: [1, 2])])
        source.corosyncQuorumTrackers.notify(FakeQuorumSource.status(quorate: false, seq: 6))
        #expect(connection.queuedEvents().isEmpty)
        // CHANGES_ONLY: nothing now, then each notification; a second TRACKSTART is EXIST.
        #expect(LibBytes.header(Self.call(session, LibBytes.request(1, LibBytes.i32(4)))).error == 1)
        #expect(connection.queuedEvents().isEmpty)
        #expect(LibBytes.header(Self.call(session, LibBytes.request(1, LibBytes.i32(4)))).error == 14)
        source.corosyncQuorumTrackers.notify(FakeQuorumSource.status(quorate: false, seq: 6))
        #expect(
            connection.queuedEvents() == [QuorumLibResponse.notification(quorate: false, ringSeq: 6, members: [1, 2])])
        #expect(LibBytes.header(Self.call(session, LibBytes.request(2, []))).error == 1)
        source.corosyncQuorumTrackers.notify(FakeQuorumSource.status(quorate: true, seq: 7))
        #expect(connection.queuedEvents().isEmpty)
        // A v1 model is refused; the refusal for unknown ids.
        #expect(LibBytes.header(Self.call(session, LibBytes.request(4, LibBytes.i32(1)))).error == 19)
        #expect(Self.call(session, LibBytes.request(9, [])) == LibMessage.refusal())
    }

    @Test func voteQuorumInfoAndTracking() {
        let source = FakeQuorumSource()
        let connection = Self.connection()
        let session = CorosyncVoteQuorumSession(source: source, connection: connection)
        let info = Self.call(session, LibBytes.request(0, LibBytes.i32(0)))
        #expect(LibBytes.header(info).error == 1 && WireReader(info).int32(at: 24) == 1)
        #expect(LibBytes.header(Self.call(session, LibBytes.request(0, LibBytes.i32(9)))).error == 12)
        #expect(LibBytes.header(Self.call(session, LibBytes.request(3, LibBytes.u64(7) + LibBytes.i32(3)))).error == 1)
        let events = connection.queuedEvents()
        #expect(events.map { LibBytes.header($0).id } == [5, 3])
        #expect(events.allSatisfy { WireReader($0).uint64(at: $0[0] == 5 ? 24 : 32) == 7 })
        source.corosyncQuorumTrackers.notify(FakeQuorumSource.status(quorate: true, seq: 9))
        #expect(connection.queuedEvents().map { LibBytes.header($0).id } == [5, 3])
        #expect(LibBytes.header(Self.call(session, LibBytes.request(4, []))).error == 1)
        #expect(LibBytes.header(Self.call(session, LibBytes.request(4, []))).error == 12)
        #expect(LibBytes.header(Self.call(session, LibBytes.request(6, [UInt8](repeating: 0, count: 256)))).error == 12)
        session.close()
    }

    @Test func cfgAnswersLocalNodeAndAddresses() {
        let session = CorosyncCfgSession(source: FakeQuorumSource())
        #expect(Self.call(session, LibBytes.request(6, [])) == CfgLibResponse.localGet(1))
        #expect(
            Self.call(session, LibBytes.request(5, LibBytes.i32(0)))
                == CfgLibResponse.nodeAddrs(family: 2, addresses: [[10, 0, 0, 1]]))
        #expect(LibBytes.header(Self.call(session, LibBytes.request(5, LibBytes.i32(5)))).error == 12)
        #expect(LibBytes.header(Self.call(session, LibBytes.request(3, []))).error == 19)
    }
}
