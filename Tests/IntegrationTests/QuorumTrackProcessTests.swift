import Foundation
import Glibc
import Testing

/// Quorum tracking against real `totemd` processes on 127.0.0.1–3: `quorumtool -m` (text and
/// `--json`, the tracking client built on the track call) sees the current state at once and a
/// new state when a node dies and when it returns; `quorumtool --cancel-wait-for-all` makes a
/// node that waits for all quorate.
@Suite(.serialized) struct QuorumTrackProcessTests {
    /// One state printed by `quorumtool -m --json`.
    struct Printed: Equatable {
        var quorate: Bool
        var totalVotes: Int
        var members: [Int]
        var waitForAllPending: Bool
        var expectedVotes = 0
    }

    /// The JSON lines of a monitor's output so far (a partly written last line is left out).
    static func printed(_ output: String) -> [Printed] {
        output.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let quorate = object["quorate"] as? Bool, let total = object["totalVotes"] as? Int,
                let members = object["members"] as? [[String: Any]], let waiting = object["waitForAllPending"] as? Bool,
                let expected = object["expectedVotes"] as? Int
            else { return nil }
            return Printed(
                quorate: quorate, totalVotes: total, members: members.compactMap { $0["nodeID"] as? Int },
                waitForAllPending: waiting,
                expectedVotes: expected)
        }
    }

    /// A running `quorumtool -m` whose stdout and stderr go to a file.
    final class Monitor {
        let process: Process
        let log: URL

        init(_ cluster: TotemdCluster, node: Int, json: Bool, name: String) throws {
            log = cluster.root.appendingPathComponent("\(name).out")
            process = try ToolRun.start(
                cluster.binary("quorumtool"),
                ["-m"] + (json ? ["--json"] : []) + ["--run-dir", cluster.directory(of: node).path], log: log)
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Polls the output until `done` holds; gives up after the deadline and 20 polls (a
        /// starved test process still looks again). Returns whether it held.
        func waitUntil(timeout: Duration = .seconds(40), _ done: (String) -> Bool) async throws -> Bool {
            let end = ContinuousClock.now + timeout
            var polls = 0
            while true {
                if done(output) { return true }
                polls += 1
                if ContinuousClock.now >= end && polls >= 20 { return false }
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        /// Interrupts it (SIGTERM, as an operator's kill); returns whether it ended within
        /// five seconds. SIGKILL follows if it did not, so a test never hangs on it.
        @discardableResult
        func stop() -> Bool {
            guard process.isRunning else { return true }
            kill(process.processIdentifier, SIGTERM)
            let end = ContinuousClock.now + .seconds(5)
            while process.isRunning && ContinuousClock.now < end { usleep(20_000) }
            let ended = !process.isRunning
            if !ended { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return ended
        }

        deinit { stop() }
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func aTrackerSeesANodeDieAndReturn() async throws {
        let cluster = try TotemdCluster(
            name: "quorumtool",
            config: QuorumtoolProcessTests.config(port: 41_000 + Int(getpid() % 1000) * 4, nodes: 3, twoNode: false),
            nodes: 1...3)
        defer { cluster.shutdown() }
        let formed = try await cluster.waitForQuorumStatus([1, 2, 3], status: 0) { node in
            QuorumtoolProcessTests.expected(
                local: node, members: [1, 2, 3], expected: 3, total: 3, quorum: 2, quorate: true, flags: "Quorate ")
        }
        #expect(formed.isEmpty, "cluster did not become quorate: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }

        let tracker = try Monitor(cluster, node: 1, json: true, name: "track-json")
        let text = try Monitor(cluster, node: 1, json: false, name: "monitor-text")
        defer {
            tracker.stop()
            text.stop()
        }
        let all = Printed(quorate: true, totalVotes: 3, members: [1, 2, 3], waitForAllPending: false, expectedVotes: 3)
        let current = try await tracker.waitUntil { Self.printed($0).first == all }
        #expect(current, "no current state at once: \(tracker.output)")
        let firstText = try await text.waitUntil { $0.contains("Total votes:      3\n") && $0.hasSuffix("\n\n") }
        #expect(firstText, "quorumtool -m printed no status: \(text.output)")
        guard current && firstText else { return }
        try await Task.sleep(for: .seconds(1))
        // A settled cluster has nothing new to say (a ring re-formed by a starved token may
        // repeat the same figures under a new ring id, but never other ones).
        #expect(Self.printed(tracker.output).allSatisfy { $0 == all }, "a settled cluster notified: \(tracker.output)")
        let textBefore = text.output

        cluster.kill(3)
        let two = Printed(quorate: true, totalVotes: 2, members: [1, 2], waitForAllPending: false, expectedVotes: 3)
        let left = try await tracker.waitUntil { Self.printed($0).contains(two) }
        #expect(left, "no notification when node 3 died: \(tracker.output)\n\(cluster.logs())")
        let textLeft = try await text.waitUntil {
            $0.count > textBefore.count && $0.dropFirst(textBefore.count).contains("Total votes:      2\n")
        }
        #expect(textLeft, "quorumtool -m printed no new status when node 3 died: \(text.output)")
        #expect(text.output.components(separatedBy: "Quorum information\n").count >= 3)

        try cluster.start(3)
        let back = try await tracker.waitUntil { output in
            let states = Self.printed(output)
            guard let died = states.firstIndex(of: two) else { return false }
            return states[(died + 1)...].contains(all)
        }
        #expect(back, "no notification when node 3 returned: \(tracker.output)\n\(cluster.logs())")
        let textBack = try await text.waitUntil {
            $0.hasSuffix("\n\n") && $0.components(separatedBy: "Total votes:      3\n").count >= 3
        }
        #expect(textBack, "quorumtool -m printed no new status when node 3 returned: \(text.output)")
        #expect(tracker.process.isRunning && text.process.isRunning)

        // A change that keeps the cluster quorate (a delivered RECONFIGURE) is notified too.
        let raised = try await cluster.quorumtool(2, ["-e", "4"])
        #expect(raised.status == 0 && raised.stderr.isEmpty, "\(raised)")
        var four = all
        four.expectedVotes = 4
        let reconfigured = try await tracker.waitUntil { Self.printed($0).last == four }
        #expect(reconfigured, "no notification for expected votes 4: \(tracker.output)\n\(cluster.logs())")
        #expect(text.stop(), "quorumtool -m did not end on SIGTERM")
    }

    /// Ours (`quorumtool --cancel-wait-for-all`) and corosync's way (`corosync-cmapctl -s
    /// quorum.cancel_wait_for_all u8 1`, what `pcs quorum unblock` runs).
    @Test(
        .enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"),
        arguments: [
            ["quorumtool", "--cancel-wait-for-all"], ["cmapctl", "-s", "quorum.cancel_wait_for_all", "u8", "1"],
        ])
    func cancellingWaitForAllMakesALoneNodeQuorate(command: [String]) async throws {
        // two_node: quorum is 1, so only wait_for_all keeps a node that starts alone inquorate.
        let config = QuorumtoolProcessTests.config(port: 41_002 + Int(getpid() % 1000) * 4, nodes: 2, twoNode: true)
            .replacingOccurrences(of: "\ttwo_node: 1\n", with: "\ttwo_node: 1\n\twait_for_all: 1\n")
        let cluster = try TotemdCluster(name: "quorumtool", config: config, nodes: [1])
        defer { cluster.shutdown() }
        let blocked = try await cluster.waitForQuorumStatus([1], status: 2) { node in
            QuorumtoolProcessTests.expected(
                local: node, members: [1], expected: 2, total: 1, quorum: 1, quorate: false, flags: "2Node WaitForAll ")
        }
        #expect(blocked.isEmpty, "lone node not blocked by wait_for_all: \(blocked)\n\(cluster.logs())")
        guard blocked.isEmpty else { return }

        let tracker = try Monitor(cluster, node: 1, json: true, name: "track-wfa")
        defer { tracker.stop() }
        let waiting = Printed(quorate: false, totalVotes: 1, members: [1], waitForAllPending: true, expectedVotes: 2)
        let seen = try await tracker.waitUntil { Self.printed($0).first == waiting }
        #expect(seen, "tracker did not get the waiting state: \(tracker.output)")

        let tool = cluster.binary(command[0])
        let cancel = try await ToolRun.run(
            tool, Array(command.dropFirst()) + ["--run-dir", cluster.directory(of: 1).path])
        #expect(cancel.status == 0 && cancel.stdout.isEmpty && cancel.stderr.isEmpty, "\(cancel)")
        let quorate = try await cluster.waitForQuorumStatus([1], status: 0) { node in
            QuorumtoolProcessTests.expected(
                local: node, members: [1], expected: 2, total: 1, quorum: 1, quorate: true,
                flags: "2Node Quorate WaitForAll ")
        }
        #expect(quorate.isEmpty, "cancel did not make the node quorate: \(quorate)\n\(cluster.logs())")
        let unblocked = Printed(quorate: true, totalVotes: 1, members: [1], waitForAllPending: false, expectedVotes: 2)
        let notified = try await tracker.waitUntil { Self.printed($0).last == unblocked }
        #expect(notified, "tracker did not see the cancel: \(tracker.output)")
        #expect(cluster.logs().contains("wait_for_all cancelled by node 1"), "\(cluster.logs())")
        if command[0] == "cmapctl" {
            // As corosync, the key is put back to 0 once the cancellation is sent.
            let key = try await ToolRun.run(
                tool, ["-g", "quorum.cancel_wait_for_all", "--run-dir", cluster.directory(of: 1).path])
            #expect(key.stdout == "quorum.cancel_wait_for_all (u8) = 0\n", "\(key)")
        }
    }

    @Test(.enabled(if: CfgtoolProcessTests.isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func withoutVotequorumMonitorPrintsOnceAndCancelIsRefused() async throws {
        let cluster = try TotemdCluster(
            name: "quorumtool",
            config: QuorumtoolProcessTests.config(
                port: 45_000 + Int(getpid() % 500) * 2, nodes: 1, twoNode: false, voteQuorum: false),
            nodes: [1])
        defer { cluster.shutdown() }
        let status =
            "Quorum information\n------------------\nQuorum provider:  Not configured\nNodes:            1\n"
            + "Node ID:          1\nQuorate:          Yes\n"
        let up = try await cluster.waitForQuorumStatus([1], status: 0) { _ in status }
        #expect(up.isEmpty, "node without votequorum: \(up)\n\(cluster.logs())")
        let monitor = try await cluster.quorumtool(1, ["-m"])
        #expect(monitor.status == 0 && monitor.stderr.isEmpty)
        #expect(
            Self.withoutDate(monitor.stdout) == "\nQuorum is not configured - cannot monitor\n" + status, "\(monitor)")
        let cancel = try await cluster.quorumtool(1, ["--cancel-wait-for-all"])
        #expect(
            cancel.status == 1 && cancel.stderr == "You cannot cancel wait_for_all, totemd is not using votequorum\n")
    }

    @Test func helpListsTheNewOptionsAndExitsZero() async throws {
        let quorumtool = try CfgtoolProcessTests.binaryDirectory().appendingPathComponent("quorumtool")
        for option in ["-h", "--help"] {
            let help = try await ToolRun.run(quorumtool, [option])
            #expect(
                help.status == 0 && help.stdout.contains("  -m ") && help.stdout.contains("--cancel-wait-for-all"),
                "\(help)")
        }
    }

    static func withoutDate(_ text: String) -> String {
        QuorumtoolProcessTests.withoutDateAndRing(text)
    }
}
