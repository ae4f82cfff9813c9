import Totem

/// The local-client traffic of a full-stack swarm run, drawn from the seed: a few processes per
/// node joining, leaving and multicasting to a few cpg groups, and now and then an operator's
/// `corosync-quorumtool -e`/`-v` or `corosync-cfgtool -k`/`-H`.
public struct ClientSettings: Hashable, Sendable, CustomStringConvertible {
    /// Simulated processes per node (pids 1001, 1002, ...).
    public var processesPerNode = 2
    /// cpg groups (`g1`, `g2`, ...).
    public var groupCount = 2
    /// Mean time between two bursts of cpg requests.
    public var cpgInterval: Duration = .milliseconds(50)
    /// cpg requests per burst.
    public var burstSize: ClosedRange<Int> = 1...4
    /// Largest filler of a cpg message, in bytes.
    public var maxFiller = 200
    /// Mean time between two operator requests (votequorum, cfg); nil: none.
    public var adminInterval: Duration? = .seconds(4)
    /// Chance (‰) that an operator request is a kill or a shutdown rather than a votequorum one.
    public var stopPerMille: UInt32 = 300

    /// The defaults.
    public init() {}

    /// The settings seed `seed` draws.
    public static func swarm(seed: UInt64, nodeCount: Int) -> ClientSettings {
        var random = SimulationRandom(seed: seed).fork(0xC11E)
        var settings = ClientSettings()
        settings.processesPerNode = random.int(in: 1...3)
        settings.groupCount = random.int(in: 1...3)
        settings.cpgInterval = random.duration(in: .milliseconds(20) ... .milliseconds(400))
        settings.burstSize = 1...random.int(in: 1...4)
        settings.maxFiller = random.chance(perMille: 200) ? 4_096 : 256
        settings.adminInterval =
            random.chance(perMille: 150) ? nil : random.duration(in: .milliseconds(500) ... .seconds(8))
        settings.stopPerMille = UInt32(random.int(in: 0...600))
        return settings
    }

    /// The group names.
    public var groups: [String] { (1...max(1, groupCount)).map { "g\($0)" } }

    /// The pids of every node's processes.
    public var pids: [UInt32] { (1...max(1, processesPerNode)).map { UInt32(1000 + $0) } }

    /// `processes=2 groups=2 cpg-every=50ms burst=1...4 filler<=200B admin-every=4s stops=300‰`.
    public var description: String {
        "processes=\(processesPerNode) groups=\(groupCount) cpg-every=\(FaultSettings.format(cpgInterval))"
            + " burst=\(burstSize.lowerBound)...\(burstSize.upperBound) filler<=\(maxFiller)B"
            + " admin-every=\(adminInterval.map { FaultSettings.format($0) } ?? "never") stops=\(stopPerMille)‰"
    }
}

/// What the client driver remembers: its settings and random source, and per node which
/// (group, pid) memberships its processes believe they hold and each process's counter.
public struct ClientState: Sendable {
    /// The settings; nil while the driver is off.
    public var settings: ClientSettings?
    var random = SimulationRandom(seed: 0)
    /// Per node: the incarnation the memberships belong to, and the memberships.
    var memberships: [NodeID: (incarnation: Int, joined: [ClientMembership])] = [:]
    /// Per process: its last cpg message counter (kept across restarts, so FIFO holds).
    var counters: [CPGAddressKey: UInt64] = [:]
    /// Highest expected votes requested so far (requests only raise it).
    var expectedFloor: UInt32 = 0
    /// Whether the faults ended: a node that stops by itself then restarts at once.
    var afterFaults = false
    /// Set while the simulator itself stops a node through its core (``Simulation/leave(_:restartAfter:)``).
    var expectingStop = false

    /// Off.
    public init() {}
}

/// One (group, pid) membership a simulated process holds or is acquiring.
struct ClientMembership: Hashable, Comparable, Sendable {
    var group: String
    var pid: UInt32

    static func < (lhs: ClientMembership, rhs: ClientMembership) -> Bool { (lhs.group, lhs.pid) < (rhs.group, rhs.pid) }
}

/// A process of a node, as a dictionary key.
struct CPGAddressKey: Hashable, Sendable {
    var node: NodeID
    var pid: UInt32
}
