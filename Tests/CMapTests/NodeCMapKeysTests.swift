import NodeCore
import Foundation
import CMap
import ClusterEngine
import Testing
@testable import Totem
import TotemRuntime
import VoteQuorum

@Suite struct NodeCMapKeysTests {
    static let text = """
        totem {
        \tversion: 2
        \tcluster_name: spbtest
        \ttransport: udpu
        \tconfig_version: 4
        \tinterface {
        \t\tlinknumber: 0
        \t\tmcastport: 5405
        \t}
        }
        nodelist {
        \tnode {
        \t\tring0_addr: 10.77.0.1
        \t\tname: node1
        \t\tnodeid: 1
        \t}
        \tnode {
        \t\tring0_addr: 10.77.0.2
        \t\tnodeid: 2
        \t\tquorum_votes: 1
        \t}
        }
        quorum {
        \tprovider: corosync_votequorum
        \ttwo_node: 1
        }
        logging {
        \tto_syslog: no
        }
        foo {
        \tbar: baz : qux
        }
        uidgid {
        \tuid: 1234
        \tgid: root
        }

        """

    static func configuration() throws -> TotemConfig {
        try TotemConfig.load(text, file: "corosync.conf", resolver: StaticResolver(), localAddresses: StaticLocalAddresses(addresses: ["10.77.0.1"]))
    }

    @Test func configurationKeysAreTypedAsCorosyncTypesThem() throws {
        let keys = Dictionary(NodeCMapKeys.configuration(try Self.configuration()).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        #expect(keys["totem.version"] == .uint32(2))
        #expect(keys["totem.config_version"] == .uint64(4))
        #expect(keys["totem.cluster_name"] == .string("spbtest"))
        #expect(keys["totem.interface.0.mcastport"] == .uint16(5405))
        #expect(keys["totem.interface.0.bindnetaddr"] == .string("10.77.0.1"))
        #expect(keys["nodelist.local_node_pos"] == .uint32(0))
        #expect(keys["nodelist.node.0.nodeid"] == .uint32(1))
        #expect(keys["nodelist.node.1.quorum_votes"] == .uint32(1))
        #expect(keys["nodelist.node.1.ring0_addr"] == .string("10.77.0.2"))
        #expect(keys["quorum.two_node"] == .uint8(1))
        #expect(keys["quorum.provider"] == .string("corosync_votequorum"))
        #expect(keys["logging.to_syslog"] == .string("no"))
        #expect(keys["foo.bar"] == .string("baz : qux"))
        #expect(keys["uidgid.config.uid.1234"] == .uint8(1))
        #expect(keys["uidgid.config.gid.0"] == .uint8(1))
        #expect(keys["runtime.config.totem.token"] == .uint32(3000))
        #expect(keys["runtime.config.totem.knet_compression_level"] == .int32(0))
        #expect(keys["runtime.config.totem.knet_compression_model"] == .string("none"))
        #expect(keys.keys.filter { $0.hasPrefix("uidgid.uid") }.isEmpty)
    }

    @Test func membersAreJoinedLeftAndCountedAsCorosyncKeepsThem() throws {
        var members = MemberKeys(configuration: try Self.configuration())
        let map = CMap()
        let ring = RingID(rep: 1, seq: 4)
        map.update(members.changes(for: ConfigurationChange(kind: .transitional, ringID: ring, members: [1], left: [], joined: [])))
        #expect(map.entries().isEmpty)
        map.update(members.changes(for: ConfigurationChange(kind: .regular, ringID: ring, members: [1, 2], left: [], joined: [1, 2])))
        map.update(members.changes(for: ConfigurationChange(kind: .regular, ringID: ring, members: [1], left: [2], joined: [])))
        #expect(map["runtime.members.2.status"] == .string("left"))
        #expect(map["runtime.members.2.join_count"] == .uint32(1))
        map.update(members.changes(for: ConfigurationChange(kind: .regular, ringID: ring, members: [1, 2], left: [], joined: [2])))
        #expect(map["runtime.members.2.config_version"] == nil)
        map.update(members.changes(forServiceMessage: ServiceMessages.cmapConfigVersionSync(configVersion: nil), from: 1))
        map.update(members.changes(forServiceMessage: ServiceMessages.cmapConfigVersionSync(configVersion: 4), from: 2))
        map.update(members.changes(forServiceMessage: ServiceMessages.cpgDownlist(oldMembers: 2, left: [2]), from: 2))
        map.update(members.changes(forServiceMessage: Array(ServiceMessages.cmapConfigVersionSync(configVersion: 9).prefix(300)), from: 2))
        #expect(map.entries(prefix: "runtime.members.").map { "\($0.key)=\($0.value)" } == [
            "runtime.members.1.config_version=uint64(0)", "runtime.members.1.ip=string(\"r(0) ip(10.77.0.1) \")",
            "runtime.members.1.join_count=uint32(1)", "runtime.members.1.status=string(\"joined\")",
            "runtime.members.2.config_version=uint64(4)", "runtime.members.2.ip=string(\"r(0) ip(10.77.0.2) \")",
            "runtime.members.2.join_count=uint32(2)", "runtime.members.2.status=string(\"joined\")",
        ])
    }

    /// The test file with node 3 (10.77.0.3) added and `two_node` dropped.
    static func threeNodes() throws -> TotemConfig {
        let text = Self.text.replacingOccurrences(
            of: "\t\tquorum_votes: 1\n\t}\n", with: "\t\tquorum_votes: 1\n\t}\n\tnode {\n\t\tring0_addr: 10.77.0.3\n\t\tnodeid: 3\n\t}\n"
        ).replacingOccurrences(of: "\ttwo_node: 1\n", with: "")
        return try TotemConfig.load(text, file: "corosync.conf", resolver: StaticResolver(), localAddresses: StaticLocalAddresses(addresses: ["10.77.0.1"]))
    }

    @Test func reloadedNodesGetTheirAddressAndRemovedOnesKeepTheirKeysAsLeft() throws {
        let two = try Self.configuration()
        let three = try Self.threeNodes()
        #expect(three.nodes.map(\.nodeID) == [1, 2, 3])
        var members = MemberKeys(configuration: two)
        let map = CMap()
        let ring = RingID(rep: 1, seq: 4)
        map.update(members.changes(for: ConfigurationChange(kind: .regular, ringID: ring, members: [1, 2], left: [], joined: [1, 2])))
        members.reload(configuration: three)
        map.update(members.changes(for: ConfigurationChange(kind: .regular, ringID: ring, members: [1, 2, 3], left: [], joined: [3])))
        #expect(map["runtime.members.3.ip"] == .string("r(0) ip(10.77.0.3) "))
        // Node 3 listed out, then gone from the ring: its entries stay, `left`, as on corosync.
        members.reload(configuration: two)
        map.update(members.changes(for: ConfigurationChange(kind: .regular, ringID: ring, members: [1, 2], left: [3], joined: [])))
        #expect(map["runtime.members.3.status"] == .string("left"))
        #expect(map["runtime.members.3.ip"] == .string("r(0) ip(10.77.0.3) "))
        #expect(map["runtime.members.3.join_count"] == .uint32(1))
    }

    @Test func statsUseCorosyncsNames() {
        var stats = SRPStats()
        stats.orfTokenRx = 151
        stats.mcastRetx = 2
        let status = TotemRingStatus(
            nodeID: 1, state: .operational, ringID: RingID(rep: 1, seq: 1), members: [1], stats: stats,
            unlistedSourceDrops: 0, unsentMessages: 0, running: true)
        let keys = Dictionary(NodeCMapKeys.stats(status).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        #expect(keys["stats.srp.orf_token_rx"] == .uint64(151))
        #expect(keys["stats.srp.mcast_retx"] == .uint64(2))
        #expect(keys.count == 23)
        #expect(keys.keys.allSatisfy { $0.hasPrefix("stats.srp.") })
    }
}

@Suite struct VoteQuorumKeysTests {
    static func state(quorate: Bool, members: [UInt32], waiting: Bool = false) -> QuorumState {
        QuorumState(
            quorate: quorate, nodeID: 1, ringID: RingID(rep: 1, seq: 8), votes: 1, expectedVotes: 2, highestExpected: 2,
            totalVotes: UInt32(members.count), quorum: 1, flags: quorate ? [.twoNode, .quorate] : [.twoNode],
            members: members.map { MemberVotes(nodeID: NodeID($0), votes: 1, expectedVotes: 2, state: .member) },
            waitForAllPending: waiting)
    }

    @Test func lowestAndHighestAppearOnceQuorateAndStayAfterwards() {
        let map = CMap()
        map.update(NodeCMapKeys.voteQuorum(Self.state(quorate: false, members: [1], waiting: true)).map { ($0.key, $0.value) })
        #expect(map.entries(prefix: "runtime.votequorum.").map { "\($0.key)=\($0.value)" } == [
            "runtime.votequorum.ev_barrier=uint32(2)", "runtime.votequorum.this_node_id=uint32(1)",
            "runtime.votequorum.two_node=uint8(1)", "runtime.votequorum.wait_for_all_status=uint8(1)",
        ])
        map.update(NodeCMapKeys.voteQuorum(Self.state(quorate: true, members: [1, 2])).map { ($0.key, $0.value) })
        #expect(map["runtime.votequorum.lowest_node_id"] == .uint32(1))
        #expect(map["runtime.votequorum.highest_node_id"] == .uint32(2))
        #expect(map["runtime.votequorum.wait_for_all_status"] == .uint8(0))
        map.update(NodeCMapKeys.voteQuorum(Self.state(quorate: false, members: [1])).map { ($0.key, $0.value) })
        #expect(map["runtime.votequorum.highest_node_id"] == .uint32(2))
        map.update(NodeCMapKeys.voteQuorum(Self.state(quorate: true, members: [1])).map { ($0.key, $0.value) })
        #expect(map["runtime.votequorum.highest_node_id"] == .uint32(1))
    }
}
