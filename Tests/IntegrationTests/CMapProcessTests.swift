import Foundation
import Glibc
import Testing

/// Three real `totemd` processes on 127.0.0.1–3 and `cmapctl` against them: runtime.members,
/// tracking, sets seen by other clients, garbage on the socket, and non-root access.
@Suite(.serialized) struct CMapProcessTests {
    static let isRoot = geteuid() == 0

    static func config(port: Int) -> String {
        var text = "totem {\n\tversion: 2\n\tcluster_name: cmaptest\n\ttransport: udpu\n\ttoken: 1000\n"
        text += "\tinterface {\n\t\tlinknumber: 0\n\t\tmcastport: \(port)\n\t}\n}\n\nnodelist {\n"
        for node in 1...3 {
            text += "\tnode {\n\t\tring0_addr: 127.0.0.\(node)\n\t\tname: node\(node)\n\t\tnodeid: \(node)\n\t}\n"
        }
        text += "}\n\nquorum {\n\tprovider: corosync_votequorum\n}\n\nuidgid {\n\tuid: 4242\n}\n"
        return text
    }

    /// `cmapctl runtime.members.` when `joined` are up and `left` were seen leaving.
    static func members(joined: Set<Int>, left: Set<Int>) -> String {
        joined.union(left).sorted().map { node in
            "runtime.members.\(node).config_version (u64) = 0\n"
                + "runtime.members.\(node).ip (str) = r(0) ip(127.0.0.\(node)) \n"
                + "runtime.members.\(node).join_count (u32) = 1\n"
                + "runtime.members.\(node).status (str) = \(left.contains(node) ? "left" : "joined")\n"
        }.joined()
    }

    /// Polls `cmapctl args` on each directory until it prints `expected(node)`; returns the
    /// mismatches (empty on success).
    static func waitFor(
        _ cmapctl: URL, _ arguments: [String], directories: [Int: URL], timeout: Duration = .seconds(30),
        expected: (Int) -> String
    ) async throws -> [Int: String] {
        try await ToolRun.poll(cmapctl, arguments, directories: directories, timeout: timeout) { node, result in
            result.status == 0 && result.stdout == expected(node)
        }
    }

    @Test(.enabled(if: isRoot, "needs root: totemd's IPC answers root (and configured uids) only"))
    func membersTrackingSetsGarbageAndAccess() async throws {
        let cluster = try TotemdCluster(
            name: "cmapctl", config: Self.config(port: 47_000 + Int(getpid() % 1000) * 4), nodes: 1...3)
        defer { cluster.shutdown() }
        let cmapctl = cluster.binary("cmapctl")
        let root = cluster.root
        let directories = cluster.directories
        var tracker: Process?
        defer {
            if let tracker, tracker.isRunning {
                kill(tracker.processIdentifier, SIGKILL)
                tracker.waitUntilExit()
            }
        }
        func run(_ node: Int, _ arguments: [String]) async throws -> ToolRun.Result {
            try await ToolRun.run(cmapctl, arguments + ["--run-dir", directories[node]!.path])
        }

        // Every node lists every member as joined, with corosync's key names and types.
        let formed = try await Self.waitFor(cmapctl, ["runtime.members."], directories: directories) { _ in
            Self.members(joined: [1, 2, 3], left: [])
        }
        #expect(formed.isEmpty, "members not listed: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty else { return }

        // A tracking client on node 1 (stdin kept open; "q" ends it).
        let trackLog = root.appendingPathComponent("track.log")
        let trackInput = Pipe()
        let trackProcess = try ToolRun.start(
            cmapctl, ["-T", "runtime.members.", "--run-dir", directories[1]!.path], log: trackLog, input: trackInput)
        tracker = trackProcess
        func trackOutput() -> String { (try? String(contentsOf: trackLog, encoding: .utf8)) ?? "" }
        let trackEnd = ContinuousClock.now + .seconds(30)
        while !trackOutput().hasPrefix("Type \"q\" to finish\n"), ContinuousClock.now < trackEnd {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(trackOutput() == "Type \"q\" to finish\n")

        // Node 3 leaves: the survivors show it left, and the tracker sees the change.
        cluster.kill(3)
        let shrunk = try await Self.waitFor(
            cmapctl, ["runtime.members."], directories: directories.filter { $0.key != 3 }
        ) { _ in
            Self.members(joined: [1, 2], left: [3])
        }
        #expect(shrunk.isEmpty, "node 3 not shown left: \(shrunk)\n\(cluster.logs())")
        let seenEnd = ContinuousClock.now + .seconds(10)
        while !trackOutput().contains("modify> runtime.members.3.status (str) = left\n"), ContinuousClock.now < seenEnd
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(trackOutput() == "Type \"q\" to finish\nmodify> runtime.members.3.status (str) = left\n")
        trackInput.fileHandleForWriting.write(Data("q\n".utf8))
        trackProcess.waitUntilExit()
        #expect(trackProcess.terminationStatus == 0)

        // A set by one client is seen by another on the same node; cmap is node-local.
        #expect(try await run(1, ["-s", "test.shared", "str", "hello world"]).status == 0)
        let seen = try await run(1, ["-g", "test.shared"])
        #expect(seen.status == 0 && seen.stdout == "test.shared (str) = hello world\n")
        let elsewhere = try await run(2, ["-g", "test.shared"])
        #expect(elsewhere.status == 1 && elsewhere.stderr == "Can't get key test.shared. Error CS_ERR_NOT_EXIST\n")
        let readOnly = try await run(1, ["-s", "totem.cluster_name", "str", "foo"])
        #expect(
            readOnly.status == 1 && readOnly.stderr == "Failed to set key totem.cluster_name. Error CS_ERR_ACCESS\n")

        // -p, -D, -m stats, --json and exit codes as corosync-cmapctl.
        let settings = root.appendingPathComponent("settings.txt")
        try "# comment\ntest.p1 u32 5\ntest.p2 str abc\n^test.p1\ntest.p3\ntest.p4 u8 1\n".write(
            to: settings, atomically: true, encoding: .utf8)
        let load = try await run(1, ["-p", settings.path])
        #expect(load.status == 1 && load.stderr == "Both type and value for key test.p3 are required\n")
        let loaded = try await run(1, ["test.p"])
        #expect(loaded.status == 0 && loaded.stdout == "test.p2 (str) = abc\n")
        let missing = try await run(1, ["-p", root.appendingPathComponent("missing.txt").path])
        #expect(missing.status == 0 && missing.stderr == "Couldn't open file.: No such file or directory\n")
        #expect(try await run(1, ["-D", "test."]).status == 0)
        let gone = try await run(1, ["test."])
        #expect(gone.status == 1 && gone.stdout.isEmpty)
        let stats = try await run(1, ["-m", "stats", "-g", "stats.srp.orf_token_rx"])
        #expect(stats.status == 0 && stats.stdout.hasPrefix("stats.srp.orf_token_rx (u64) = "))
        #expect(try await run(1, ["-C", "all"]).status == 0)
        let cleared = try await run(1, ["-m", "stats", "-g", "stats.srp.commit_entered"])
        #expect(cleared.stdout == "stats.srp.commit_entered (u64) = 0\n")
        let badClear = try await run(1, ["-C", "bogus"])
        #expect(
            badClear.status == 1
                && badClear.stderr == "argument to -C should be 'knet', 'totem', 'ipc', 'schedmiss' or 'all'\n")
        let badMap = try await run(1, ["-m", "bogus"])
        #expect(badMap.status == 1 && badMap.stderr == "invalid map name, must be 'default', 'icmap' or 'stats'\n")
        let json = try await run(1, ["--json", "-g", "totem.version", "runtime.members.1.status"])
        #expect(
            json.stdout
                == #"[{"key":"totem.version","type":"u32","value":2},{"key":"runtime.members.1.status","type":"str","value":"joined"}]"#
                + "\n")
        let noKey = try await run(1, ["-g"])
        #expect(noKey.status == 1 && noKey.stderr == "Expected key after options\n")

        // 1,000 garbage and truncated requests; the daemon keeps serving.
        let socketPath = directories[1]!.appendingPathComponent("totemd.sock").path
        var generator = SystemRandomNumberGenerator()
        for round in 0..<1000 {
            var bytes: [UInt8]
            switch round % 4 {
            case 0:
                bytes = (0..<Int.random(in: 1...64, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            case 1: bytes = Self.frame(kind: 0x0201, body: [200, 0, 0, 0, 0x61])  // key length beyond the body
            case 2: bytes = Array(Self.frame(kind: 0x0203, body: [3, 0, 0, 0, 0x61, 0x62, 0x63]).prefix(9))  // cut mid-header
            default: bytes = Self.frame(kind: 0x0201, body: [3, 0, 0, 0, 0x61, 0x62, 0x63, 6, 2, 0, 0, 0, 1, 2])  // u32 of 2 bytes
            }
            Self.sendRaw(socketPath, bytes, readReply: round % 4 == 1 || round % 4 == 3)
        }
        let after = try await run(1, ["-g", "totem.version"])
        #expect(after.status == 0 && after.stdout == "totem.version (u32) = 2\n", "\(after.stderr)\n\(cluster.logs())")
        #expect(cluster.isRunning(1))

        // A tracking client survives a daemon restart: it reconnects and tracks again.
        let restartLog = root.appendingPathComponent("track2.log")
        let restartInput = Pipe()
        let restartTracker = try ToolRun.start(
            cmapctl, ["-T", "test.", "--run-dir", directories[1]!.path], log: restartLog, input: restartInput)
        tracker = restartTracker
        func restartOutput() -> String { (try? String(contentsOf: restartLog, encoding: .utf8)) ?? "" }
        // The tracker prints its prompt once its trackers are registered: only then may the set
        // come (on a loaded machine the tracker can take seconds to start).
        let readyEnd = ContinuousClock.now + .seconds(30)
        while !restartOutput().hasPrefix("Type \"q\" to finish\n"), ContinuousClock.now < readyEnd {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await run(1, ["-s", "test.before", "u8", "1"]).status == 0)
        let beforeEnd = ContinuousClock.now + .seconds(10)
        while !restartOutput().contains("create> test.before (u8) = 1\n"), ContinuousClock.now < beforeEnd {
            try await Task.sleep(for: .milliseconds(50))
        }
        cluster.kill(1, signal: SIGTERM)
        try cluster.start(1)
        let againEnd = ContinuousClock.now + .seconds(20)
        var round = 0
        while !restartOutput().contains("> test.after (u32) = "), ContinuousClock.now < againEnd {
            round += 1
            _ = try? await run(1, ["-s", "test.after", "u32", "\(round)"])
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(restartOutput().hasPrefix("Type \"q\" to finish\ncreate> test.before (u8) = 1\n"), "\(restartOutput())")
        #expect(restartOutput().contains("> test.after (u32) = "), "tracker did not reconnect: \(restartOutput())")
        #expect(restartTracker.isRunning)
        restartInput.fileHandleForWriting.write(Data("q\n".utf8))
        restartTracker.waitUntilExit()
        #expect(restartTracker.terminationStatus == 0)

        // Non-root: refused until allowed (uid 4242 comes from the uidgid section).
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("CMapProcessTests: non-root part skipped: /usr/bin/setpriv missing")
            return
        }
        func runAs(_ uid: Int) async throws -> ToolRun.Result {
            try await ToolRun.run(
                URL(fileURLWithPath: "/usr/bin/setpriv"),
                [
                    "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", cmapctl.path, "-g", "totem.version",
                    "--run-dir", directories[1]!.path,
                ])
        }
        let refused = try await runAs(65534)
        guard !refused.stderr.contains("Permission denied") || refused.stderr.contains("CS_ERR") else {
            print("CMapProcessTests: non-root part skipped: nobody cannot execute \(cmapctl.path)")
            return
        }
        #expect(
            refused.status == 1 && refused.stderr.hasPrefix("Failed to initialize the cmap API. Error CS_ERR_ACCESS\n"),
            "\(refused.stderr)")
        let configured = try await runAs(4242)
        #expect(configured.status == 0 && configured.stdout == "totem.version (u32) = 2\n", "\(configured.stderr)")
        #expect(try await run(1, ["-s", "uidgid.uid.65534", "u8", "1"]).status == 0)
        let allowed = try await runAs(65534)
        #expect(allowed.status == 0 && allowed.stdout == "totem.version (u32) = 2\n", "\(allowed.stderr)")
    }

    /// A frame with our header: length, version 1, kind, request id 1, body.
    static func frame(kind: UInt16, body: [UInt8]) -> [UInt8] {
        let length = UInt32(8 + body.count)
        var bytes = (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        bytes += [1, 0, UInt8(kind & 0xFF), UInt8(kind >> 8), 1, 0, 0, 0]
        return bytes + body
    }

    /// Connects, writes `bytes`, optionally waits for a reply, and closes.
    static func sendRaw(_ path: String, _ bytes: [UInt8], readReply: Bool) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        var limit = timeval(tv_sec: 2, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { return }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if readReply {
            var buffer = [UInt8](repeating: 0, count: 256)
            _ = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        }
    }
}
