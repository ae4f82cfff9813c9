import Foundation
import TestSupport
import Testing

/// One `totemd` and one stock corosync 3.1.7 form one totem ring (Docs/TotemWire.md), in a
/// network namespace of their own.
@Suite(.serialized) struct MixedRingTests {
    static func config(port: Int) -> String {
        """
        totem {
        \tversion: 2
        \tcluster_name: mixed
        \ttransport: udpu
        \tcrypto_cipher: none
        \tcrypto_hash: none
        \ttoken: 1000
        \tinterface {
        \t\tlinknumber: 0
        \t\tmcastport: \(port)
        \t}
        }
        nodelist {
        \tnode {
        \t\tring0_addr: 127.0.0.1
        \t\tnodeid: 1
        \t}
        \tnode {
        \t\tring0_addr: 127.0.0.2
        \t\tnodeid: 2
        \t}
        }
        quorum {
        \tprovider: corosync_votequorum
        \ttwo_node: 1
        }
        logging {
        \tto_stderr: yes
        \tto_syslog: no
        \ttimestamp: hires
        }

        """
    }

    /// Lines of corosync's log that announce a membership.
    static func memberships(_ log: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains("A new membership (") }
    }

    /// True when the log's last membership line is followed by "Completed service synchronization".
    static func syncedAfterLastMembership(_ log: String) -> Bool {
        let lines = log.split(separator: "\n")
        guard let last = lines.lastIndex(where: { $0.contains("A new membership (") }) else { return false }
        return lines[last...].contains { $0.contains("Completed service synchronization, ready to provide service.") }
    }

    @Test func swiftNodeAndCorosyncFormOneRingAndSurviveDeparturesAndReturns() async throws {
        let suite = self
        try await offPool { try suite.swiftNodeAndCorosyncFormOneRingAndSurviveDeparturesAndReturnsBody() }
    }

    func swiftNodeAndCorosyncFormOneRingAndSurviveDeparturesAndReturnsBody() throws {
        if let reason = Sandbox.unavailableReason {
            print("MixedRingTests skipped: \(reason)")
            return
        }
        let sandbox = try Sandbox(prefix: "tmix")
        defer { sandbox.close() }
        let config = sandbox.directory.appendingPathComponent("corosync.conf")
        try Self.config(port: 5405).write(to: config, atomically: true, encoding: .utf8)
        let totemd = productsDirectory.appendingPathComponent("totemd").path
        // Both nodes share one network namespace, where only one server may hold corosync's
        // abstract IPC names: corosync keeps them (it exits when they are taken), totemd does not try.
        let swiftNode = [
            "\(totemd)", "-c", config.path, "--nodeid", "2",
            "--run-dir", sandbox.directory.appendingPathComponent("n2").path, "--no-libqb",
        ]
        try FileManager.default.createDirectory(
            at: sandbox.directory.appendingPathComponent("n2"), withIntermediateDirectories: true)

        try sandbox.startCorosync("corosync", config: config)
        try sandbox.start("totemd", swiftNode)
        let joined = sandbox.wait(for: 15) {
            Self.memberships(sandbox.log("corosync")).last?.contains("joined: 2") == true
                && sandbox.log("totemd").contains("Members[2]: 1 2")
        }
        #expect(joined, "no mixed ring:\n\(sandbox.dumpLogs())")
        let status = sandbox.exec(["/usr/sbin/corosync-cfgtool", "-s"])
        #expect(status.output.contains("nodeid:          2:\tconnected"), "corosync-cfgtool -s:\n\(status.output)")

        // Both sides complete corosync's service synchronization, and corosync counts our vote.
        let synced = sandbox.wait(for: 10) {
            Self.syncedAfterLastMembership(sandbox.log("corosync"))
                && Self.syncedAfterLastMembership(sandbox.log("totemd"))
        }
        #expect(synced, "sync did not complete:\n\(sandbox.dumpLogs())")
        let quorum = sandbox.exec(["/usr/sbin/corosync-quorumtool", "-s"])
        #expect(quorum.status == 0, "corosync-quorumtool -s exited \(quorum.status):\n\(quorum.output)")
        #expect(quorum.output.contains("Total votes:      2"), "corosync-quorumtool -s:\n\(quorum.output)")
        #expect(quorum.output.contains("Quorate:          Yes"))
        #expect(quorum.output.contains("Flags:            2Node Quorate WaitForAll"))
        #expect(sandbox.log("totemd").contains("This node is within the primary component and will provide service."))

        // The Swift node leaves cleanly: corosync re-forms at once, without a token timeout.
        var start = Date()
        sandbox.signal("totemd", SIGTERM)
        let left = sandbox.wait(for: 5) { Self.memberships(sandbox.log("corosync")).last?.contains("left: 2") == true }
        #expect(left, "corosync did not see node 2 leave:\n\(sandbox.dumpLogs())")
        #expect(Date().timeIntervalSince(start) < 1.0, "leave took \(Date().timeIntervalSince(start)) s")

        // It comes back.
        try sandbox.start("totemd-2", swiftNode)
        #expect(
            sandbox.wait(for: 15) { Self.memberships(sandbox.log("corosync")).last?.contains("joined: 2") == true },
            "node 2 did not rejoin:\n\(sandbox.dumpLogs())")

        // The Swift node is killed: corosync notices through its token timeout, then it returns.
        start = Date()
        sandbox.signal("totemd-2", SIGKILL)
        #expect(
            sandbox.wait(for: 10) { Self.memberships(sandbox.log("corosync")).last?.contains("left: 2") == true },
            "corosync did not notice the killed Swift node:\n\(sandbox.dumpLogs())")
        print(
            "MixedRingTests: corosync detected the killed Swift node in \(String(format: "%.3f", Date().timeIntervalSince(start))) s"
        )
        try sandbox.start("totemd-3", swiftNode)
        #expect(
            sandbox.wait(for: 15) { Self.memberships(sandbox.log("corosync")).last?.contains("joined: 2") == true },
            "node 2 did not rejoin after a kill:\n\(sandbox.dumpLogs())")
        // wait_for_all (implied by two_node) is satisfied only by a completed sync with both nodes.
        #expect(
            sandbox.wait(for: 10) {
                Self.syncedAfterLastMembership(sandbox.log("corosync"))
                    && Self.syncedAfterLastMembership(sandbox.log("totemd-3"))
            },
            "no sync after node 2's return:\n\(sandbox.dumpLogs())")

        // The corosync node dies: the Swift node forms a ring of its own.
        start = Date()
        sandbox.signal("corosync", SIGKILL)
        let alone = sandbox.wait(for: 10) {
            sandbox.log("totemd-3").split(separator: "\n").last { $0.contains("A new membership") }?.contains("left: 1")
                == true
        }
        #expect(alone, "the Swift node did not notice corosync's death:\n\(sandbox.dumpLogs())")
        print(
            "MixedRingTests: Swift node detected the killed corosync in \(String(format: "%.3f", Date().timeIntervalSince(start))) s"
        )
        // two_node: the survivor keeps quorum.
        #expect(sandbox.wait(for: 5) { Self.syncedAfterLastMembership(sandbox.log("totemd-3")) })
        let afterLoss = sandbox.log("totemd-3").split(separator: "\n").drop { !$0.contains("left: 1") }
        #expect(
            !afterLoss.isEmpty && !afterLoss.contains { $0.contains("non-primary component") },
            "the Swift survivor lost quorum:\n\(sandbox.log("totemd-3"))")

        // corosync comes back and joins the Swift node's ring.
        try sandbox.startCorosync("corosync-2", config: config)
        let rejoined = sandbox.wait(for: 15) {
            Self.memberships(sandbox.log("corosync-2")).last?.contains("joined: 1 2") == true
                || Self.memberships(sandbox.log("corosync-2")).last?.contains("joined: 2") == true
        }
        #expect(rejoined, "corosync did not rejoin:\n\(sandbox.dumpLogs())")
        #expect(
            sandbox.wait(for: 10) {
                Self.syncedAfterLastMembership(sandbox.log("corosync-2"))
                    && Self.syncedAfterLastMembership(sandbox.log("totemd-3"))
            },
            "no sync after corosync's return:\n\(sandbox.dumpLogs())")
        #expect(
            sandbox.log("totemd-3").split(separator: "\n").last { $0.contains("Members[") }?.contains("Members[2]: 1 2")
                == true)
        for label in ["corosync", "corosync-2"] {
            let errors = sandbox.log(label).split(separator: "\n").filter {
                $0.contains(" error ") || $0.contains(" crit ")
            }
            #expect(errors.isEmpty, "corosync logged errors: \(errors)")
        }
    }
}
