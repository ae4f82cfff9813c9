import ClusterEngine
import ClusterIPC
import Foundation
import Testing
@testable import Totem
import TotemRuntime

/// How ClusterNode's ring snapshot becomes what tools see.
@Suite struct RingStatusReportTests {
    static let config = """
        totem {
        \tversion: 2
        \tcluster_name: report
        \ttransport: udpu
        }
        nodelist {
        \tnode {
        \t\tring0_addr: 10.77.0.3
        \t\tnodeid: 3
        \t}
        \tnode {
        \t\tring0_addr: 10.77.0.1
        \t\tname: node1
        \t\tnodeid: 1
        \t}
        \tnode {
        \t\tring0_addr: 10.77.0.2
        \t\tname: node2
        \t\tnodeid: 2
        \t}
        }

        """

    static func configuration() throws -> TotemConfig {
        try TotemConfig.load(
            config, file: "corosync.conf", resolver: StaticResolver(), localAddresses: StaticLocalAddresses(addresses: ["10.77.0.1"]))
    }

    static func status(members: [NodeID], running: Bool = true) -> TotemRingStatus {
        var stats = SRPStats()
        stats.orfTokenRx = 99
        return TotemRingStatus(
            nodeID: 1, state: .operational, ringID: RingID(rep: 1, seq: 0x2a), members: members, stats: stats,
            unlistedSourceDrops: 4, unsentMessages: 0, running: running)
    }

    @Test func nodesAreSortedNamedAndConnectedWhenMembers() throws {
        let info = RingStatusReport.make(status: Self.status(members: [2, 1]), configuration: try Self.configuration())
        #expect(info.localNodeID == 1 && info.transport == "udpu" && info.state == .operational && info.running)
        #expect(info.ringID == "1.2a" && info.members == [1, 2] && info.linkMTU == 1410)
        #expect(info.nodes == [
            NodeStatusEntry(nodeID: 1, name: "node1", address: "10.77.0.1", connected: true),
            NodeStatusEntry(nodeID: 2, name: "node2", address: "10.77.0.2", connected: true),
            NodeStatusEntry(nodeID: 3, name: "", address: "10.77.0.3", connected: false),
        ])
        #expect(info.statistics.first { $0.key == "stats.srp.orf_token_rx" }?.value == .uint64(99))
        #expect(info.statistics.first { $0.key == "stats.srp.unlisted_source_drops" }?.value == .uint64(4))
        #expect(Set(info.statistics.map(\.key)).count == info.statistics.count)
    }

    @Test func aStoppedRingShowsNobodyConnected() throws {
        let info = RingStatusReport.make(status: Self.status(members: [1, 2], running: false), configuration: try Self.configuration())
        #expect(!info.running)
        #expect(info.nodes.allSatisfy { !$0.connected })
    }
}
