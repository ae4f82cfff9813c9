import Foundation
import Glibc
import Testing

/// A non-root user holding thousands of idle connections to totemd's socket must not exhaust
/// the daemon: refused at accept, each connection costs the daemon no descriptor, and root's
/// tools are answered at once.
@Suite struct IPCFloodProcessTests {
    /// Opens `count` connections to `path` and holds them until its standard input closes;
    /// prints "held <n>" once they are all open. Perl is part of every Debian/Ubuntu base.
    static let flooder = """
        use Socket; $| = 1; my ($path, $count) = @ARGV; my @held;
        for (1..$count) {
            socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
            connect($s, pack_sockaddr_un($path)) or die "connect: $!";
            push @held, $s;
        }
        print "held ", scalar(@held), "\\n"; <STDIN>;
        """

    /// Descriptors `pid` has open now.
    static func descriptors(of pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    static var canRun: Bool {
        CfgtoolProcessTests.isRoot && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/perl")
    }

    @Test(.enabled(if: canRun, "needs root, setpriv and perl: the flood runs as nobody"))
    func threeThousandIdleConnectionsOfNobodyLeaveTheDaemonServing() async throws {
        let config = QuorumtoolProcessTests.config(port: 38_001 + Int(getpid() % 500) * 2, nodes: 1, twoNode: false)
        let cluster = try TotemdCluster(name: "ipcflood", config: config, nodes: [1])
        defer { cluster.shutdown() }
        let formed = try await cluster.waitForQuorumStatus([1], status: 0) { node in
            QuorumtoolProcessTests.expected(
                local: node, members: [1], expected: 1, total: 1, quorum: 1, quorate: true, flags: "Quorate ")
        }
        #expect(formed.isEmpty, "node did not become quorate: \(formed)\n\(cluster.logs())")
        guard formed.isEmpty, let pid = cluster.pid(of: 1) else { return }
        let before = Self.descriptors(of: pid)

        let socketPath = cluster.directory(of: 1).appendingPathComponent("totemd.sock").path
        let flood = Process()
        flood.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        flood.arguments = [
            "--reuid=65534", "--regid=65534", "--clear-groups",
            "/usr/bin/perl", "-e", Self.flooder, socketPath, "3000",
        ]
        let input = Pipe()
        let output = Pipe()
        flood.standardInput = input
        flood.standardOutput = output
        flood.standardError = output
        let started = ContinuousClock.now
        try flood.run()
        defer {
            try? input.fileHandleForWriting.close()
            flood.waitUntilExit()
        }
        // While the flood connects, and once it holds all its connections, root is answered fast.
        var latencies: [Duration] = []
        for _ in 0..<2 {
            let asked = ContinuousClock.now
            let status = try await cluster.quorumtool(1, ["-s"])
            latencies.append(ContinuousClock.now - asked)
            #expect(status.status == 0, "\(status.stderr)")
        }
        let line = String(decoding: output.fileHandleForReading.availableDataLine(), as: UTF8.self)
        let connected = ContinuousClock.now - started
        #expect(line == "held 3000", "flood: \(line)")
        let during = Self.descriptors(of: pid)
        let asked = ContinuousClock.now
        let status = try await cluster.quorumtool(1, ["-s"])
        latencies.append(ContinuousClock.now - asked)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(during < 300, "totemd has \(during) descriptors (before the flood: \(before))")
        #expect(latencies.allSatisfy { $0 < .seconds(2) }, "quorumtool -s took \(latencies)")
        let refusals = cluster.log(of: 1).components(separatedBy: "IPC client refused").count - 1
        #expect(refusals >= 1 && refusals <= 2 + Int(connected.components.seconds), "\(refusals) refusal lines")
        #expect(cluster.isRunning(1))
        print(
            "IPCFloodProcessTests: fds \(before) before, \(during) with 3000 idle connections of nobody held;"
                + " flood connected in \(connected); quorumtool -s took \(latencies); \(refusals) refusal log lines")
    }
}

extension FileHandle {
    /// Reads up to the first newline (or the end), without it.
    func availableDataLine() -> Data {
        var line = Data()
        while true {
            let byte = readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { return line }
            line.append(byte)
        }
    }
}
