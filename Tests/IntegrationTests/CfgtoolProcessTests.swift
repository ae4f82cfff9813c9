import Foundation
import Testing

/// Three real `totemd` processes on 127.0.0.1–3 and `cfgtool` against each of them.
@Suite(.serialized) struct CfgtoolProcessTests {
    /// The directory holding the built executables (`.build/debug`), found next to the test bundle.
    static func binaryDirectory() throws -> URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle, bundle.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("totemd").path) {
            return directory
        }
        throw ProcessTestError("totemd not found next to the test bundle (looked in \(candidates.map(\.path)))")
    }

    static func config(port: Int) -> String {
        """
        totem {
        \tversion: 2
        \tcluster_name: cfgtooltest
        \ttransport: udpu
        \ttoken: 1000
        \tinterface {
        \t\tlinknumber: 0
        \t\tmcastport: \(port)
        \t}
        }

        nodelist {
        \tnode {
        \t\tring0_addr: 127.0.0.1
        \t\tname: node1
        \t\tnodeid: 1
        \t}
        \tnode {
        \t\tring0_addr: 127.0.0.2
        \t\tname: node2
        \t\tnodeid: 2
        \t}
        \tnode {
        \t\tring0_addr: 127.0.0.3
        \t\tname: node3
        \t\tnodeid: 3
        \t}
        }

        """
    }

    /// `cfgtool -s` on node `local` when `connected` are the other nodes in its membership.
    static func expectedStatus(local: Int, connected: Set<Int>) -> String {
        var text = "Local node ID \(local), transport udpu\nLINK ID 0 \n"
        text += "\taddr\t= 127.0.0.\(local == 3 ? 2 : 3)\n\tstatus:\n"
        for node in 1...3 {
            let state = node == local ? "localhost" : connected.contains(node) ? "connected" : "disconnected"
            text += "\t\tnodeid:          \(node):\t\(state)\n"
        }
        return text
    }

    /// Polls `cfgtool -s` on each directory until it prints `expected(node)`, or the deadline.
    static func waitForStatus(
        _ cfgtool: URL, directories: [Int: URL], timeout: Duration = .seconds(30), expected: (Int) -> String
    ) async throws -> [Int: String] {
        try await ToolRun.poll(cfgtool, ["-s"], directories: directories, timeout: timeout) { node, result in
            result.status == 0 && result.stdout == expected(node)
        }
    }

    /// totemd's IPC answers root only, so a non-root run cannot query the daemons it starts.
    static let isRoot = geteuid() == 0

    @Test(.enabled(if: isRoot, "needs root: totemd's IPC refuses other users (CS_ERR_ACCESS)"))
    func cfgtoolShowsAllThreeConnectedThenTheKilledNodeDisconnected() async throws {
        let cluster = try TotemdCluster(
            name: "cfgtool", config: Self.config(port: 31_000 + Int(getpid() % 2000) * 2), nodes: 1...3)
        defer { cluster.shutdown() }
        let cfgtool = cluster.binary("cfgtool")
        let directories = cluster.directories

        let formed = try await Self.waitForStatus(cfgtool, directories: directories) { node in
            Self.expectedStatus(local: node, connected: [1, 2, 3])
        }
        #expect(formed.isEmpty, "ring did not form: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }

        let nodes = try await ToolRun.run(cfgtool, ["-n", "--run-dir", directories[2]!.path])
        #expect(nodes.status == 0)
        #expect(
            nodes.stdout == "Local node ID 2, transport udpu\n"
                + "nodeid: 1 reachable\n   LINK: 0  (127.0.0.1) enabled connected mtu: 1410\n\n"
                + "nodeid: 3 reachable\n   LINK: 0  (127.0.0.3) enabled connected mtu: 1410\n\n")
        let json = try await ToolRun.run(cfgtool, ["-s", "--json", "--run-dir", directories[1]!.path])
        #expect(json.status == 0)
        #expect(
            json.stdout.hasPrefix(
                #"{"localNodeID":1,"transport":"udpu","state":"operational","running":true,"ringID":"#))
        #expect(json.stdout.contains(#""members":[1,2,3]"#))

        let brief = try await ToolRun.run(cfgtool, ["-s", "-b", "--run-dir", directories[3]!.path])
        #expect(
            brief.status == 0
                && brief.stdout == "Local node ID 3, transport udpu\nLINK ID 0 \n\taddr\t= 127.0.0.2\n\tstatus\t= 33n\n"
        )
        let address = try await ToolRun.run(cfgtool, ["-a", "2", "--run-dir", directories[1]!.path])
        #expect(address.status == 0 && address.stdout == "127.0.0.2\n")
        let unknown = try await ToolRun.run(cfgtool, ["-a", "9", "--run-dir", directories[1]!.path])
        #expect(unknown.status == 1 && unknown.stderr == "Could not get node address for nodeid 9\n")
        let zero = try await ToolRun.run(cfgtool, ["-a", "0", "--run-dir", directories[1]!.path])
        #expect(zero.status == 1 && zero.stderr == "The nodeid was not valid, try a positive number\n")
        let badOption = try await ToolRun.run(cfgtool, ["-x"])
        #expect(badOption.status == 1 && badOption.stdout.isEmpty && !badOption.stderr.isEmpty)
        let usage = try await ToolRun.run(cfgtool, [])
        #expect(usage.status == 0 && usage.stdout.contains("-s"))

        cluster.kill(3)
        let survivors = directories.filter { $0.key != 3 }
        let shrunk = try await Self.waitForStatus(cfgtool, directories: survivors) { node in
            Self.expectedStatus(local: node, connected: [1, 2])
        }
        #expect(shrunk.isEmpty, "node 3 not shown disconnected: \(shrunk)\n\(cluster.logs())")

        // The killed daemon left its socket file behind; cfgtool says it is not running.
        let dead = try await ToolRun.run(cfgtool, ["-s", "--run-dir", directories[3]!.path])
        #expect(dead.status == 1)
        #expect(dead.stdout.isEmpty)
        #expect(dead.stderr.hasPrefix("Could not initialize totemd configuration API error 2\n"))

        // SIGTERM: the daemon leaves and removes its socket.
        let terminated = cluster.kill(1, signal: SIGTERM)
        #expect(terminated == 0, "\(cluster.logs())")
        #expect(!FileManager.default.fileExists(atPath: directories[1]!.appendingPathComponent("totemd.sock").path))
    }
}
