import ClusterIPC
import CorosyncIPC
import CorosyncIPCCodec
import Foundation
import Testing

@testable import ClusterEngine

/// corosync-quorumtool's and corosync-cfgtool's conversations with a stock corosync 3.1.7
/// (Captures/README.md; its cmap part is left out), replayed request by request through our
/// quorum, votequorum and cfg sessions on a node like the stock one: one node, id 1, at
/// 127.0.0.1, ring 1.5, quorate, one vote. Every response and event must equal corosync's in
/// every defined byte; only padding corosync leaves uninitialized is masked.
@Suite struct QuorumCaptureReplayTests {
    struct Line {
        var service: Substring
        var kind: Substring
        var bytes: [UInt8]
    }

    static func load(_ name: String) throws -> [Line] {
        let url = CaptureReplayTests.captures.appendingPathComponent("\(name).hex")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return Line(service: fields[0], kind: fields[1], bytes: LibBytes.hex(fields[3]))
        }
    }

    /// The stock node's state.
    static func source() -> FakeQuorumSource {
        let member = QuorumMemberEntry(
            nodeID: 1, known: true, votes: 1, expectedVotes: 1, state: 1, deviceFlags: 0, name: "qbcap",
            address: "127.0.0.1")
        let info = QuorumStatusInfo(
            localNodeID: 1, provider: "corosync_votequorum", voteQuorum: true, quorate: true, ringRep: 1, ringSeq: 5,
            expectedVotes: 1, highestExpected: 1, totalVotes: 1, quorum: 1, flags: 2, waitForAllPending: false,
            deviceVotes: 0, deviceName: "", members: [member])
        return FakeQuorumSource(info, addresses: [1: .v4([127, 0, 0, 1])])
    }

    /// Zeroes what corosync leaves undefined: header padding and the padding after 4-byte
    /// fields that an 8-byte aligned field follows.
    static func masked(_ service: Substring, _ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        func zero(_ range: Range<Int>) { for index in range where index < bytes.count { bytes[index] = 0 } }
        for range in [4..<8, 12..<16, 20..<24] { zero(range) }
        let id = LibBytes.header(bytes).id
        switch (service, id) {
        case ("quorum", 0), ("quorum", 3), ("quorum", 4), ("quorum", 5), ("cfg", 12): zero(28..<32)
        case ("cfg", 16):
            // After the six status bytes, and in each link after its three flags; the rest of
            // each address string past its NUL is zero in corosync (strncpy).
            zero(38..<40)
            for link in 0..<8 { zero((40 + 520 * link + 3)..<(40 + 520 * link + 4)) }
        case ("votequorum", 1): zero(315..<320)
        case ("votequorum", 3): zero(28..<32)
        case ("votequorum", 5):
            zero(36..<40)
            zero(52..<56)
        default: break
        }
        return bytes
    }

    @Test(arguments: [
        "quorumtool-s", "quorumtool-l", "quorumtool-l-i", "cfgtool-a", "quorumtool-e3", "quorumtool-n7-v1",
        "cfgtool-s", "cfgtool-n",
    ])
    func replay(_ name: String) async throws {
        let source = Self.source()
        let connection = CorosyncConnection.unattached(peer: CorosyncPeer(pid: 1, uid: 0, gid: 0))
        let sessions: [Substring: any CorosyncSession] = [
            "quorum": CorosyncQuorumSession(source: source, connection: connection),
            "votequorum": CorosyncVoteQuorumSession(source: source, connection: connection),
            "cfg": CorosyncCfgSession(source: source),
        ]
        var responses: [Substring: [[UInt8]]] = [:]
        var events: [Substring: [[UInt8]]] = [:]
        var compared = 0
        for line in try Self.load(name) {
            let session = try #require(sessions[line.service])
            switch line.kind {
            case "REQ":
                switch session.receive(line.bytes) {
                case .response(let bytes): responses[line.service, default: []].append(bytes)
                case .deferred:
                    var late: [[UInt8]] = []
                    for _ in 0..<500 where late.isEmpty {
                        try await Task.sleep(for: .milliseconds(2))
                        late = connection.queuedMessages().filter { !$0.isEvent }.map(\.bytes)
                    }
                    responses[line.service, default: []] += late
                case .none: break
                }
                events[line.service, default: []] += connection.queuedEvents()
            case "RES":
                let ours = responses[line.service, default: []].isEmpty ? [] : responses[line.service]!.removeFirst()
                #expect(
                    Self.masked(line.service, ours) == Self.masked(line.service, line.bytes),
                    "\(name) \(line.service)")
                compared += 1
            default:
                // The client reads only the events it waits for: the first of ours must match.
                let ours = events[line.service, default: []].isEmpty ? [] : events[line.service]!.removeFirst()
                #expect(Self.masked(line.service, ours) == Self.masked(line.service, line.bytes), "\(name) event")
                compared += 1
            }
        }
        #expect(compared > 0)
    }
}
