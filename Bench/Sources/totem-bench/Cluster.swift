import Foundation

/// The three systems measured side by side.
enum SystemKind: String, CaseIterable, Codable, Sendable {
    /// This package: one `totem-probe` (a `TotemRing`) per node.
    case totem
    /// Stock corosync 3.1.7 (plus a `cpg_load` client per node for throughput).
    case corosync
    /// The raw UDP ring floor (`Bench/c/udp_ring.c`).
    case floor
    /// This package from another build (`--baseline DIR`), e.g. the commit before a change.
    case baseline

    /// Ours (this build or the baseline build): run from a ``Binaries`` directory.
    var isOurs: Bool { self == .totem || self == .baseline }
}

/// The programs of one build of this package that the bench runs.
struct Binaries {
    /// The bench node (a bare `TotemRing`).
    var probe: String
    /// The full daemon and its quorum tool (the quorum notification figure).
    var totemd: String
    var quorumtool: String

    /// totem-probe, totemd and quorumtool in `directory`.
    init(directory: String) {
        probe = "\(directory)/totem-probe"
        totemd = "\(directory)/totemd"
        quorumtool = "\(directory)/quorumtool"
    }
}

/// Paths of the programs the bench starts.
struct Tools {
    /// This build's programs (`--binaries`, default: next to totem-bench).
    var ours: Binaries
    /// The other build's programs (`--baseline`), measured as system `baseline`.
    var baseline: Binaries?
    var udpRing: String
    /// Prints a line for every wake-up more than 10 ms late (Bench/c/stall_probe.c).
    var stallProbe: String
    var cpgLoad: String?
    var corosync: String?
    var corosyncQuorumtool: String?
    /// Prints the expected votes on each votequorum change (Bench/c/vq_watch.c).
    var vqWatch: String?
    var realtime: Bool
    var namespaced: Bool

    /// The build that `kind` runs (nil for corosync and the floor).
    func binaries(_ kind: SystemKind) -> Binaries? {
        switch kind {
        case .totem: ours
        case .baseline: baseline
        case .corosync, .floor: nil
        }
    }
}

/// A ring of one system on one topology, with the totem settings it was started with.
final class Cluster {
    let kind: SystemKind
    let topology: Topology
    let token: Int
    let freeRunning: Bool
    /// Runs the full daemon (totemd, or corosync) with votequorum instead of totem-probe.
    let quorum: Bool
    let tools: Tools
    let configPath: String
    let port = 5405
    private(set) var daemons: [Int: Spawned] = [:]
    private(set) var clients: [Int: Spawned] = [:]
    private var generation = 0

    init(
        _ kind: SystemKind, topology: Topology, token: Int, freeRunning: Bool, tools: Tools,
        quorum: Bool = false
    ) throws {
        self.kind = kind
        self.topology = topology
        self.token = token
        self.freeRunning = freeRunning
        self.quorum = quorum
        self.tools = tools
        let variant = (freeRunning ? "-free" : "") + (quorum ? "-vq" : "")
        configPath = "\(topology.directory)/\(kind)-n\(topology.nodes)-t\(token)\(variant).conf"
        try CorosyncConf.text(
            topology: topology, token: token, freeRunning: freeRunning, port: port,
            realtime: tools.realtime, quorum: quorum
        )
        .write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The pinning and scheduling prefix: every node on CPU 0; SCHED_RR 99 for ours with --realtime.
    var pin: [String] { ["/usr/bin/taskset", "-c", "0"] }

    /// Starts node `node`'s process (not waiting for membership).
    func startNode(_ node: Int) throws {
        generation += 1
        let label = "\(kind)-n\(topology.nodes)-t\(token)\(freeRunning ? "-free" : "")-node\(node)-\(generation)"
        let command: [String]
        let rt = tools.realtime ? ["/usr/bin/chrt", "-r", "99"] : []
        switch kind {
        case .totem, .baseline:
            guard let binaries = tools.binaries(kind) else { throw BenchError("no binaries for \(kind)") }
            command =
                topology.inNode(node) + pin + rt
                + (quorum
                    ? [
                        binaries.totemd, "-f", "-c", configPath, "--nodeid", "\(node)", "--run-dir",
                        try runDirectory(node),
                    ]
                    : [binaries.probe, "-c", configPath, "--nodeid", "\(node)"])
        case .corosync:
            let state = "\(topology.directory)/corosync-state-\(topology.nodes)-\(node)"
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            command =
                topology.inNode(node) + [
                    "/usr/bin/unshare", "-m", "/bin/sh", "-c",
                    "mount -t tmpfs none /run && mount --bind \(state) /var/lib/corosync && exec \(pin.joined(separator: " ")) \(tools.corosync ?? "corosync") -f -c \(configPath)",
                ]
        case .floor:
            command =
                topology.inNode(node) + pin + rt + [tools.udpRing, "\(port)", "\(node)"]
                + (1...topology.nodes).map(topology.address)
        }
        daemons[node] = try Spawned(label, command, logDirectory: topology.directory)
    }

    /// totemd's run directory (IPC socket, state files) on node `node`, created if missing.
    func runDirectory(_ node: Int) throws -> String {
        let path = "\(topology.directory)/\(kind)-run-n\(topology.nodes)-node\(node)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts every node and waits until each sees all N members (floor: a short settle).
    func start() throws {
        for node in 1...topology.nodes { try startNode(node) }
        if kind == .floor {
            usleep(500_000)
            return
        }
        let begin = Date()
        guard waitFullMembership(timeout: 30) else {
            throw BenchError("\(kind) N=\(topology.nodes) did not form a ring")
        }
        progress("  ring of \(topology.nodes) formed in \(String(format: "%.1f", Date().timeIntervalSince(begin))) s")
    }

    /// Polls until every node's current membership holds all N nodes.
    func waitFullMembership(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (1...topology.nodes).allSatisfy({ currentMembers($0)?.count == topology.nodes }) { return true }
            usleep(10_000)
        }
        return false
    }

    /// The membership changes node `node` reported, in order.
    func memberships(_ node: Int) -> [MembershipEvent] {
        guard let daemon = daemons[node] else { return [] }
        switch kind {
        case .totem, .baseline: return daemon.output.lines.compactMap(MembershipEvent.init(probeLine:))
        case .corosync: return MembershipEvent.corosync(log: daemon.log, node: node)
        case .floor: return []
        }
    }

    /// Node `node`'s latest membership.
    func currentMembers(_ node: Int) -> Set<Int>? { memberships(node).last?.members }

    /// Starts the cpg load clients (corosync) and waits until each sees N group members. With
    /// --realtime they run at SCHED_RR 99 like the daemon (our load generator shares its node's
    /// process and class); at SCHED_OTHER a free-running RR daemon on the same CPU starves them.
    func startClients() throws {
        guard kind == .corosync, let cpgLoad = tools.cpgLoad else { return }
        for node in 1...topology.nodes {
            clients[node] = try Spawned(
                "cpg_load-n\(topology.nodes)-node\(node)",
                topology.inNode(node) + pin + (tools.realtime ? ["/usr/bin/chrt", "-r", "99"] : []) + [cpgLoad],
                logDirectory: topology.directory)
        }
        for node in 1...topology.nodes {
            guard clients[node]?.waitLine(timeout: 15, { $0 == "members \(topology.nodes)" }) != nil else {
                throw BenchError("cpg_load on node \(node) did not see \(topology.nodes) members")
            }
        }
    }

    /// The process that generates load on node `node`.
    func loadClient(_ node: Int) -> Spawned? { kind == .corosync ? clients[node] : daemons[node] }

    /// PIDs whose CPU and memory make up node `node`'s cost.
    func costPIDs(_ node: Int) -> [Int32] { [daemons[node]?.pid, clients[node]?.pid].compactMap { $0 } }

    /// Kills node `node`'s process.
    func killNode(_ node: Int) {
        daemons[node]?.signal(SIGKILL)
    }

    /// Stops everything of this cluster.
    func stop() {
        for client in clients.values {
            client.send("quit")
            client.signal(SIGTERM)
        }
        for daemon in daemons.values {
            daemon.signal(SIGCONT)
            daemon.signal(SIGKILL)
        }
        clients = [:]
        daemons = [:]
        usleep(200_000)
    }
}
