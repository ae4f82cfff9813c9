import ArgumentParser
import Foundation
import Glibc
import Totem
import TotemRuntime

/// `totem-fuzz`: attacks a live udpu ring on this machine with forged and garbage datagrams from
/// listed nodes' addresses, and measures how each attack's end is followed by a whole ring and
/// a totally ordered request (the configuration reload). Never part of `swift test`.
@main
struct TotemFuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totem-fuzz",
        abstract: "Attack a live totemd ring on 127.0.0.x and measure its recovery.",
        discussion: "Attacks: "
            + Attack.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ") + ".")

    @Option(
        name: .customShort("c"), help: ArgumentHelp("The ring's corosync.conf (not with --spawn).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("nodeid"), help: "The node whose view of the config to load (default: by address).")
    var nodeID: UInt32?

    @Option(
        name: .customLong("run-dir"),
        help: ArgumentHelp("A node's totemd run directory, n=DIR (repeatable).", valueName: "n=dir"))
    var runDirectories: [String] = []

    @Option(
        name: .customLong("pid"),
        help: ArgumentHelp("A node's totemd process id, n=PID (repeatable).", valueName: "n=pid"))
    var pids: [String] = []

    @Option(name: .customLong("attack"), help: "An attack to run (repeatable), or all.")
    var attacks: [String] = ["all"]

    @Option(help: "Seconds each attack sends.")
    var duration: Double = 20

    @Option(help: "Datagrams per second an attack sends.")
    var rate: Double = 20_000

    @Option(name: .customLong("recovery-timeout"), help: "Seconds after an attack within which the ring must recover.")
    var recoveryTimeout: Double = 15

    @Option(name: .customLong("target"), help: "A node to send to (repeatable; default every node).")
    var targets: [UInt32] = []

    @Option(help: "Seed of the random choices (default: random).")
    var seed: UInt64?

    @Flag(name: .customLong("no-sniff"), help: "Guess the live seqs instead of reading them off loopback.")
    var noSniff = false

    @Flag(help: "Print every queried node's state and SRP counters to stderr once a second.")
    var watch = false

    @Flag(help: "Start a ring of totemd processes on 127.0.0.1..N in a temporary directory and attack it.")
    var spawn = false

    @Option(help: "Nodes of the spawned ring.")
    var nodes: Int = 3

    @Option(help: "Where totemd is (default: next to totem-fuzz).")
    var binaries: String?

    @Option(name: .customLong("keep-logs"), help: "Copy the spawned nodes' logs and config here before cleaning up.")
    var keepLogs: String?

    func validate() throws {
        guard spawn || config != nil else { throw ValidationError("give -c FILE with --run-dir n=DIR, or --spawn") }
        guard spawn || !runDirectories.isEmpty else { throw ValidationError("give at least one --run-dir n=DIR") }
        guard !spawn || (config == nil && runDirectories.isEmpty) else {
            throw ValidationError("--spawn makes its own config and run directories")
        }
        guard !spawn || (2...9).contains(nodes) else { throw ValidationError("--nodes takes 2 to 9") }
        guard duration > 0, rate > 0, recoveryTimeout > 0 else {
            throw ValidationError("--duration, --rate and --recovery-timeout must be > 0")
        }
        _ = try selectedAttacks()
    }

    func run() throws {
        Cleanup.shared.installSignalHandlers()
        var spawned: SpawnedRing?
        defer {
            spawned?.shutdown()
            Cleanup.shared.run()
        }
        let ring: FuzzRing
        if spawn {
            let ring0 = try SpawnedRing(nodes: nodes, binaries: binaries ?? Self.ownDirectory())
            spawned = ring0
            Report.progress("spawned \(nodes) totemd in \(ring0.root)")
            let loaded = try ConfigFile.load(ring0.configPath, nodeID: ring0.ids.first)
            let directories = Dictionary(uniqueKeysWithValues: ring0.ids.map { ($0, ring0.runDirectory(of: $0)) })
            let pids = ring0.ids.reduce(into: [NodeID: Int32]()) { $0[$1] = ring0.pid(of: $1) }
            ring = try FuzzRing(config: loaded, runDirectories: directories, pids: pids)
        } else {
            let loaded = try ConfigFile.load(config!, nodeID: nodeID.map { NodeID($0) })
            ring = try FuzzRing(
                config: loaded, runDirectories: try NodeAssignment.parse(runDirectories, option: "run-dir") { $0 },
                pids: try NodeAssignment.parse(pids, option: "pid") { Int32($0) })
        }
        let results = try attack(ring, exited: { spawned?.exited() ?? ProcessCheck.exited(ring.pids) })
        print(Report.header)
        for result in results { print(Report.line(result, bound: .seconds(recoveryTimeout))) }
        for line in Report.summary(results, bound: .seconds(recoveryTimeout)) { print(line) }
        let failed = results.filter { !$0.recovered(within: .seconds(recoveryTimeout)) }
        if let spawned, !failed.isEmpty {
            for id in spawned.ids {
                FileHandle.standardError.write(Data("--- totemd\(id).log (last 40 lines)\n".utf8))
                let tail = spawned.logTail(of: id, lines: 40).joined(separator: "\n")
                FileHandle.standardError.write(Data((tail + "\n").utf8))
            }
        }
        if let keepLogs, let spawned { try spawned.keepLogs(in: keepLogs) }
        if !failed.isEmpty { throw ExitCode(1) }
    }

    /// Runs every selected attack against `ring`, printing progress to stderr.
    private func attack(_ ring: FuzzRing, exited: @escaping () -> [NodeID: String]) throws -> [AttackResult] {
        for target in targets where !ring.ids.contains(NodeID(target)) {
            throw FuzzError("--target \(target) is not in the nodelist")
        }
        let impersonator = try Impersonator(ring: ring)
        defer { impersonator.close() }
        let live = LiveRing()
        let sniffer = noSniff ? nil : Sniffer(ring: ring, ownPorts: impersonator.ports, live: live)
        defer { sniffer?.stop() }
        if sniffer == nil && !noSniff { Report.progress("no packet socket (not root?): forged seqs are guessed") }
        let seed = self.seed ?? UInt64.random(in: 0...UInt64.max)
        Report.progress("seed \(seed), port \(ring.port), nodes " + ring.ids.map(\.description).joined(separator: ","))
        let runner = AttackRunner(
            ring: ring, targets: targets.isEmpty ? ring.ids : targets.map { NodeID($0) }, seed: seed,
            duration: .seconds(duration), rate: rate, recoveryTimeout: .seconds(recoveryTimeout),
            sniffing: sniffer != nil, live: live, impersonator: impersonator, exitedNodes: exited)
        let watcher = watch ? Watcher(probe: RingProbe(ring: ring)) : nil
        defer { watcher?.stop() }
        var results: [AttackResult] = []
        for (index, attack) in try selectedAttacks().enumerated() {
            let how = attack == .none ? "" : ", \(Int(duration)) s at \(Int(rate))/s"
            Report.progress("\(attack.rawValue): \(attack.summary)\(how)")
            // The first attack waits for a freshly started ring; later ones for the last recovery.
            let settle: Duration = .seconds(index == 0 ? max(60, recoveryTimeout * 3) : recoveryTimeout * 3)
            let result = runner.run(attack, settle: settle)
            Report.progress(Report.line(result, bound: .seconds(recoveryTimeout)))
            for line in Report.details(result) { Report.progress(line) }
            results.append(result)
        }
        return results
    }

    private func selectedAttacks() throws(ValidationError) -> [Attack] {
        var selected: [Attack] = []
        for name in attacks {
            if name == "all" {
                selected += Attack.allCases
            } else if let attack = Attack(rawValue: name) {
                selected.append(attack)
            } else {
                let names = Attack.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown attack \(name) (known: \(names), all)")
            }
        }
        return selected
    }

    /// The directory of this executable.
    private static func ownDirectory() -> String {
        let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = link ?? CommandLine.arguments[0]
        return (path as NSString).deletingLastPathComponent
    }
}

/// Whether processes the fuzzer did not start (`--pid`) still run.
enum ProcessCheck {
    /// The nodes whose process is gone or a zombie.
    static func exited(_ pids: [NodeID: Int32]) -> [NodeID: String] {
        var result: [NodeID: String] = [:]
        for (id, pid) in pids {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            if stat.isEmpty || (kill(pid, 0) != 0 && errno == ESRCH) {
                result[id] = "gone"
            } else if state == "Z" {
                result[id] = "zombie"
            }
        }
        return result
    }
}
