import Foundation
import Glibc
import Testing

/// Real `totemd` processes with votequorum on 127.0.0.1–3 and `quorumtool` against them.
@Suite(.serialized) struct QuorumtoolProcessTests {
    static func config(port: Int, nodes: Int, twoNode: Bool, voteQuorum: Bool = true) -> String {
        var text = "totem {\n\tversion: 2\n\tcluster_name: quorumtest\n\ttransport: udpu\n\ttoken: 1000\n"
        text += "\tinterface {\n\t\tlinknumber: 0\n\t\tmcastport: \(port)\n\t}\n}\n\n"
        if voteQuorum {
            text += "quorum {\n\tprovider: corosync_votequorum\n" + (twoNode ? "\ttwo_node: 1\n" : "") + "}\n\n"
        }
        text += "nodelist {\n"
        for node in 1...nodes {
            text += "\tnode {\n\t\tring0_addr: 127.0.0.\(node)\n\t\tname: node\(node)\n\t\tnodeid: \(node)\n\t}\n"
        }
        return text + "}\n"
    }

    /// `quorumtool -s` without its `Date:` and `Ring ID:` lines (they change from run to run).
    static func expected(
        local: Int, members: [Int], expected: Int, total: Int, quorum: Int, quorate: Bool, flags: String
    ) -> String {
        var lines = [
            "Quorum information", "------------------", "Quorum provider:  corosync_votequorum",
            "Nodes:            \(members.count)", "Node ID:          \(local)",
            "Quorate:          \(quorate ? "Yes" : "No")",
            "", "Votequorum information", "----------------------", "Expected votes:   \(expected)",
            "Highest expected: \(expected)", "Total votes:      \(total)",
            "Quorum:           \(quorum) \(quorate ? " " : "Activity blocked")", "Flags:            \(flags)",
            "", "Membership information", "----------------------", "    Nodeid      Votes Name",
        ]
        for node in members {
            lines.append("         \(node)          1 node\(node)" + (node == local ? " (local)" : ""))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static func withoutDateAndRing(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Date:") && !$0.hasPrefix("Ring ID:") }.joined(separator: "\n")
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func threeNodesLoseQuorumWhenTwoDieAndLoweringExpectedVotesRestoresIt() async throws {
        let cluster = try TotemdCluster(
            name: "quorumtool", config: Self.config(port: 35_000 + Int(getpid() % 1000) * 4, nodes: 3, twoNode: false),
            nodes: 1...3)
        defer { cluster.shutdown() }

        let formed = try await cluster.waitForQuorumStatus([1, 2, 3], status: 0) { node in
            Self.expected(
                local: node, members: [1, 2, 3], expected: 3, total: 3, quorum: 2, quorate: true, flags: "Quorate ")
        }
        #expect(formed.isEmpty, "cluster did not become quorate: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }
        let status = try await cluster.quorumtool(1, ["-s"])
        #expect(
            status.stdout.split(separator: "\n")[2].hasPrefix("Date:             ")
                && status.stdout.split(separator: "\n")[2].count == 42)
        let list = try await cluster.quorumtool(2, ["-l"])
        #expect(
            list.status == 0
                && list.stdout == "\nMembership information\n----------------------\n    Nodeid      Votes Name\n"
                    + "         1          1 node1\n         2          1 node2 (local)\n         3          1 node3\n"
        )
        let json = try await cluster.quorumtool(3, ["-s", "--json"])
        #expect(
            json.status == 0
                && json.stdout.contains(
                    #""quorate":true,"expectedVotes":3,"highestExpected":3,"totalVotes":3,"quorum":2"#)
        )
        let refused = try await cluster.quorumtool(1, ["-e", "1"])
        #expect(refused.status == 1 && refused.stderr == "Unable to set expected votes: CS_ERR_INVALID_PARAM\n")
        let unknown = try await cluster.quorumtool(1, ["-n", "9", "-v", "1"])
        #expect(unknown.status == 1 && unknown.stderr == "Unable to set votes 1 for nodeid: 9: CS_ERR_NAME_NOT_FOUND\n")
        let zero = try await cluster.quorumtool(1, ["-e", "0"])
        #expect(zero.status == 1 && zero.stderr == "New expected votes value was not valid, try a positive number\n")

        cluster.kill(3)
        let two = try await cluster.waitForQuorumStatus([1, 2], status: 0) { node in
            Self.expected(
                local: node, members: [1, 2], expected: 3, total: 2, quorum: 2, quorate: true, flags: "Quorate ")
        }
        #expect(two.isEmpty, "two of three not quorate: \(two)\n\(cluster.logs())")
        let dead = try await cluster.quorumtool(3, ["-s"])
        #expect(dead.status == 1 && dead.stdout.isEmpty && dead.stderr.hasPrefix("Cannot initialize CMAP service\n"))

        cluster.kill(2)
        let alone = try await cluster.waitForQuorumStatus([1], status: 2) { node in
            Self.expected(local: node, members: [1], expected: 3, total: 1, quorum: 2, quorate: false, flags: "")
        }
        #expect(alone.isEmpty, "survivor not inquorate: \(alone)\n\(cluster.logs())")

        let lowered = try await cluster.quorumtool(1, ["-e", "1"])
        #expect(lowered.status == 0 && lowered.stdout.isEmpty && lowered.stderr.isEmpty)
        let restored = try await cluster.waitForQuorumStatus([1], status: 0) { node in
            Self.expected(local: node, members: [1], expected: 1, total: 1, quorum: 1, quorate: true, flags: "Quorate ")
        }
        #expect(restored.isEmpty, "-e 1 did not restore quorum: \(restored)\n\(cluster.logs())")
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func twoNodeClusterSurvivesAPeerButWaitsForAllFromCold() async throws {
        let cluster = try TotemdCluster(
            name: "quorumtool", config: Self.config(port: 35_002 + Int(getpid() % 1000) * 4, nodes: 2, twoNode: true),
            nodes: 1...2)
        defer { cluster.shutdown() }

        let formed = try await cluster.waitForQuorumStatus([1, 2], status: 0) { node in
            Self.expected(
                local: node, members: [1, 2], expected: 2, total: 2, quorum: 1, quorate: true,
                flags: "2Node Quorate WaitForAll ")
        }
        #expect(formed.isEmpty, "two_node cluster did not become quorate: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }

        cluster.kill(2)
        let survivor = try await cluster.waitForQuorumStatus([1], status: 0) { node in
            Self.expected(
                local: node, members: [1], expected: 2, total: 1, quorum: 1, quorate: true,
                flags: "2Node Quorate WaitForAll ")
        }
        #expect(survivor.isEmpty, "two_node survivor lost quorum: \(survivor)\n\(cluster.logs())")

        // Both down, then node 1 alone from cold: wait_for_all keeps it inquorate.
        cluster.kill(1)
        try cluster.start(1)
        let cold = try await cluster.waitForQuorumStatus([1], status: 2) { node in
            Self.expected(
                local: node, members: [1], expected: 2, total: 1, quorum: 1, quorate: false, flags: "2Node WaitForAll ")
        }
        #expect(cold.isEmpty, "cold two_node node not blocked by wait_for_all: \(cold)\n\(cluster.logs())")
        try await Task.sleep(for: .seconds(3))
        #expect(try await cluster.quorumtool(1, ["-s"]).status == 2)

        // Once the peer has been seen, both are quorate.
        try cluster.start(2)
        let rejoined = try await cluster.waitForQuorumStatus([1, 2], status: 0) { node in
            Self.expected(
                local: node, members: [1, 2], expected: 2, total: 2, quorum: 1, quorate: true,
                flags: "2Node Quorate WaitForAll ")
        }
        #expect(rejoined.isEmpty, "peer's return did not satisfy wait_for_all: \(rejoined)\n\(cluster.logs())")
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func withoutVotequorumTheNodeIsQuorateAndVotesCannotChange() async throws {
        let cluster = try TotemdCluster(
            name: "quorumtool",
            config: Self.config(port: 39_000 + Int(getpid() % 500) * 2, nodes: 1, twoNode: false, voteQuorum: false),
            nodes: [1])
        defer { cluster.shutdown() }
        let up = try await cluster.waitForQuorumStatus([1], status: 0) { _ in
            "Quorum information\n------------------\nQuorum provider:  Not configured\nNodes:            1\n"
                + "Node ID:          1\nQuorate:          Yes\n"
        }
        #expect(up.isEmpty, "node without votequorum: \(up)\n\(cluster.logs())")
        let list = try await cluster.quorumtool(1, ["-l"])
        #expect(
            list.status == 0
                && list.stdout
                    == "\nMembership information\n----------------------\n    Nodeid Name\n         1 node1 (local)\n"
        )
        let expected = try await cluster.quorumtool(1, ["-e", "2"])
        #expect(
            expected.status == 1
                && expected.stderr == "You cannot change expected votes, totemd is not using votequorum\n")
        let votes = try await cluster.quorumtool(1, ["-v", "2"])
        #expect(votes.status == 1 && votes.stderr == "You cannot change node votes, totemd is not using votequorum\n")
    }
}

extension TotemdCluster {
    /// Runs `quorumtool arguments` against `node`.
    func quorumtool(_ node: Int, _ arguments: [String]) async throws -> ToolRun.Result {
        try await ToolRun.run(binary("quorumtool"), arguments + ["--run-dir", directory(of: node).path])
    }

    /// Polls `quorumtool -s` on `nodes` until each prints `expected(node)` (Date and Ring ID
    /// lines aside) with exit status `status`; returns the last outputs that did not match.
    /// It gives up only after the deadline *and* at least 20 polls, so a test process starved
    /// of CPU by parallel suites (a sleep that wakes up minutes late) still gets to look again.
    func waitForQuorumStatus(
        _ nodes: [Int], status: Int32, timeout: Duration = .seconds(40), expected: (Int) -> String
    ) async throws -> [Int: String] {
        let end = ContinuousClock.now + timeout
        var polls = 0
        while true {
            var last: [Int: String] = [:]
            for node in nodes {
                let result = try await quorumtool(node, ["-s"])
                if result.status != status || QuorumtoolProcessTests.withoutDateAndRing(result.stdout) != expected(node)
                {
                    last[node] = "rc=\(result.status)\n\(result.stdout)\(result.stderr)"
                }
            }
            polls += 1
            if last.isEmpty || (ContinuousClock.now >= end && polls >= 20) { return last }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
