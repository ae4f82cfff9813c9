import ClusterEngine
import ClusterIPC
import Testing
@testable import Totem
import TotemRuntime
import VoteQuorum

/// How ClusterNode's votequorum state becomes what quorumtool sees.
@Suite struct QuorumStatusReportTests {
    static func configuration(quorum: Bool) throws -> TotemConfig {
        let text = """
            totem {
            \tversion: 2
            \tcluster_name: report
            \ttransport: udpu
            }
            \(quorum ? "quorum {\n\tprovider: corosync_votequorum\n\ttwo_node: 1\n}" : "")
            nodelist {
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
        return try TotemConfig.load(
            text, file: "corosync.conf", resolver: StaticResolver(), localAddresses: StaticLocalAddresses(addresses: ["10.77.0.1"]))
    }

    static func ring(members: [NodeID]) -> TotemRingStatus {
        TotemRingStatus(
            nodeID: 1, state: .operational, ringID: RingID(rep: 1, seq: 0x1c), members: members, stats: SRPStats(),
            unlistedSourceDrops: 0, unsentMessages: 0, running: true)
    }

    @Test func votequorumStateBecomesTheCapturedStatus() throws {
        let state = QuorumState(
            quorate: true, nodeID: 1, ringID: RingID(rep: 1, seq: 9), votes: 1, expectedVotes: 2, highestExpected: 2,
            totalVotes: 2, quorum: 1, flags: [.twoNode, .quorate, .waitForAll],
            members: [
                MemberVotes(nodeID: 1, votes: 1, expectedVotes: 2, state: .member),
                MemberVotes(nodeID: 2, votes: 1, expectedVotes: 2, state: .member),
            ])
        let info = QuorumStatusReport.make(state: state, ring: Self.ring(members: [1, 2]), configuration: try Self.configuration(quorum: true))
        #expect(info == QuorumFixtures.twoNodeBothUp)
    }

    @Test func memberWithoutNodeInfoIsUnknown() throws {
        let state = QuorumState(
            quorate: false, nodeID: 1, ringID: RingID(rep: 1, seq: 9), votes: 1, expectedVotes: 2, highestExpected: 2,
            totalVotes: 1, quorum: 1, flags: [.twoNode], members: [MemberVotes(nodeID: 1, votes: 1), MemberVotes(nodeID: 2, votes: nil)])
        let info = QuorumStatusReport.make(state: state, ring: Self.ring(members: [1, 2]), configuration: try Self.configuration(quorum: true))
        #expect(info.members.map(\.known) == [true, false] && info.members[1].votes == 0 && info.members[1].state == 0)
        #expect(info.members[1].name == "node2" && !info.quorate && info.flags == 1)
    }

    @Test func withoutVotequorumTheRingIsReportedAndQuorate() throws {
        let info = QuorumStatusReport.make(state: nil, ring: Self.ring(members: [2, 1]), configuration: try Self.configuration(quorum: false))
        #expect(!info.voteQuorum && info.quorate && info.provider == "" && info.ringID == "1.1c")
        #expect(info.members.map(\.nodeID) == [2, 1] && info.members.allSatisfy { !$0.known })
        #expect(info.members.map(\.address) == ["10.77.0.2", "10.77.0.1"])
    }
}
