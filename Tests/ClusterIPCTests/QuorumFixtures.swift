import ClusterIPC

/// Quorum replies and the corosync-quorumtool text they must print (tools-and-config.md §2.3, §4).
enum QuorumFixtures {
    /// Lines joined with newlines, each newline-terminated (trailing spaces stay visible).
    static func text(_ lines: [String]) -> String { lines.map { $0 + "\n" }.joined() }

    /// Node 1 of the captured two_node cluster, both nodes up (ring 1.9).
    static let twoNodeBothUp = QuorumStatusInfo(
        localNodeID: 1, provider: "corosync_votequorum", voteQuorum: true, quorate: true, ringRep: 1, ringSeq: 9,
        expectedVotes: 2, highestExpected: 2, totalVotes: 2, quorum: 1, flags: 1 | 2 | 4, waitForAllPending: false,
        deviceVotes: 0, deviceName: "",
        members: [
            QuorumMemberEntry(nodeID: 1, known: true, votes: 1, expectedVotes: 2, state: 1, deviceFlags: 0, name: "node1", address: "10.77.0.1"),
            QuorumMemberEntry(nodeID: 2, known: true, votes: 1, expectedVotes: 2, state: 1, deviceFlags: 0, name: "node2", address: "10.77.0.2"),
        ])

    /// `corosync-quorumtool -s` on node 1 for ``twoNodeBothUp`` (captured at 02:50:40).
    static let twoNodeBothUpS = text([
        "Quorum information",
        "------------------",
        "Date:             Sun Nov 22 02:50:40 2026",
        "Quorum provider:  corosync_votequorum",
        "Nodes:            2",
        "Node ID:          1",
        "Ring ID:          1.9",
        "Quorate:          Yes",
        "",
        "Votequorum information",
        "----------------------",
        "Expected votes:   2",
        "Highest expected: 2",
        "Total votes:      2",
        "Quorum:           1  ",
        "Flags:            2Node Quorate WaitForAll ",
        "",
        "Membership information",
        "----------------------",
        "    Nodeid      Votes Name",
        "         1          1 node1 (local)",
        "         2          1 node2",
    ])

    /// `corosync-quorumtool -l` on node 1 for ``twoNodeBothUp``.
    static let twoNodeBothUpL = text([
        "",
        "Membership information",
        "----------------------",
        "    Nodeid      Votes Name",
        "         1          1 node1 (local)",
        "         2          1 node2",
    ])

    /// Node 1 of a three-node cluster (no two_node) after two nodes died (§4.6, ring 1.5a).
    static let threeNodesTwoDead = QuorumStatusInfo(
        localNodeID: 1, provider: "corosync_votequorum", voteQuorum: true, quorate: false, ringRep: 1, ringSeq: 0x5a,
        expectedVotes: 3, highestExpected: 3, totalVotes: 1, quorum: 2, flags: 0, waitForAllPending: false,
        deviceVotes: 0, deviceName: "",
        members: [
            QuorumMemberEntry(nodeID: 1, known: true, votes: 1, expectedVotes: 3, state: 1, deviceFlags: 0, name: "node1", address: "10.77.0.1"),
        ])

    /// `corosync-quorumtool -s` for ``threeNodesTwoDead`` (captured at 02:59:47, exit 2).
    static let threeNodesTwoDeadS = text([
        "Quorum information",
        "------------------",
        "Date:             Sun Nov 22 02:59:47 2026",
        "Quorum provider:  corosync_votequorum",
        "Nodes:            1",
        "Node ID:          1",
        "Ring ID:          1.5a",
        "Quorate:          No",
        "",
        "Votequorum information",
        "----------------------",
        "Expected votes:   3",
        "Highest expected: 3",
        "Total votes:      1",
        "Quorum:           2 Activity blocked",
        "Flags:            ",
        "",
        "Membership information",
        "----------------------",
        "    Nodeid      Votes Name",
        "         1          1 node1 (local)",
    ])

    /// A node without a quorum provider: node 2 of members 1 and 2, ring 1.1c.
    static let noProvider = QuorumStatusInfo(
        localNodeID: 2, provider: "", voteQuorum: false, quorate: true, ringRep: 1, ringSeq: 0x1c,
        expectedVotes: 0, highestExpected: 0, totalVotes: 0, quorum: 0, flags: 0, waitForAllPending: false,
        deviceVotes: 0, deviceName: "",
        members: [
            QuorumMemberEntry(nodeID: 1, known: false, votes: 0, expectedVotes: 0, state: 0, deviceFlags: 0, name: "node1", address: "10.77.0.1"),
            QuorumMemberEntry(nodeID: 2, known: false, votes: 0, expectedVotes: 0, state: 0, deviceFlags: 0, name: "", address: "10.77.0.2"),
        ])
}
