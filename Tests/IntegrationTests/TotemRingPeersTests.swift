import Foundation
import Testing
import Totem
import TotemRuntime

/// ``TotemRing/setPeers(_:)`` on real UDP (127.0.0.1–3): a nodelist reload opens the sockets of
/// added nodes and accepts their datagrams, and closes those of removed nodes, whose datagrams
/// are then dropped as unlisted.
@Suite(.serialized) struct TotemRingPeersTests {
    static let port = UInt16(60_000 + Int(getpid() % 1000) * 4 + 2)

    static func peers(_ nodes: [UInt32]) -> [NodeID: SocketAddress] {
        TotemRingTests.options(1, nodes: nodes, port: port).peers
    }

    @Test func ringsTakeAnAddedNodeAndDropARemovedOne() async throws {
        let rings = [
            try TotemRing(options: TotemRingTests.options(1, nodes: [1, 2], port: Self.port)),
            try TotemRing(options: TotemRingTests.options(2, nodes: [1, 2], port: Self.port)),
            try TotemRing(options: TotemRingTests.options(3, nodes: [1, 2, 3], port: Self.port)),
        ]
        for ring in rings { try ring.start() }
        // Stops the rings when an error ends the test early (leave() on a stopped ring returns).
        defer { for ring in rings { Task { await ring.leave() } } }
        #expect(await TotemRingTests.waitForRing(Array(rings[0..<2]), members: [1, 2]))
        // Node 3 is not listed on 1 and 2 yet: its joins are dropped there, it stays alone.
        try await Task.sleep(for: .milliseconds(500))
        #expect(rings[0].status.unlistedSourceDrops > 0)
        #expect(rings[2].status.members == [3])

        // This node cannot be listed out or moved: refused, nothing changes.
        await #expect(throws: SocketError.self) { try await rings[0].setPeers(Self.peers([2, 3])) }

        for ring in rings[0..<2] { try await ring.setPeers(Self.peers([1, 2, 3])) }
        #expect(await TotemRingTests.waitForRing(rings, members: [1, 2, 3]))

        // Node 3 removed on 1 and 2 (it keeps running): the token no longer reaches it, the
        // two form a ring of their own and drop its datagrams from then on.
        for ring in rings[0..<2] { try await ring.setPeers(Self.peers([1, 2])) }
        #expect(await TotemRingTests.waitForRing(Array(rings[0..<2]), members: [1, 2]))
        let drops = rings[0].status.unlistedSourceDrops
        try await Task.sleep(for: .milliseconds(1500))
        #expect(rings[0].status.unlistedSourceDrops > drops)
        #expect(rings[0].status.members == [1, 2] && rings[1].status.members == [1, 2])
        for ring in rings { await ring.leave() }
    }
}
