import Totem

/// Counters of one run (or, added up, of many).
public struct SimulationStatistics: Hashable, Sendable, CustomStringConvertible {
    /// Partitions into groups.
    public var partitions = 0
    /// One-way partitions.
    public var asymmetricPartitions = 0
    /// Heals.
    public var heals = 0
    /// Crashes.
    public var crashes = 0
    /// Orderly leaves.
    public var leaves = 0
    /// Starts after a crash or leave.
    public var restarts = 0
    /// Pauses.
    public var pauses = 0
    /// Clogs.
    public var clogs = 0
    /// Messages the simulator submitted.
    public var messagesSubmitted = 0
    /// Submissions the core refused (send queue full); they count as never submitted.
    public var submissionsRefused = 0
    /// Their total body bytes.
    public var bytesSubmitted = 0
    /// Deliveries, summed over nodes.
    public var deliveries = 0
    /// Regular configurations installed, summed over nodes.
    public var regularConfigurations = 0
    /// Transitional configurations installed, summed over nodes.
    public var transitionalConfigurations = 0
    /// `.dropped` effects, summed over nodes.
    public var coreDrops = 0
    /// Forged or garbage datagrams the swarm's attacker sent.
    public var forgedDatagrams = 0
    /// Datagrams that arrived at a node that was down.
    public var datagramsToDownNodes = 0
    /// Datagrams dropped because a paused node's buffer was full.
    public var inboxOverflows = 0
    /// ICMP port unreachables sent back for datagrams to down nodes (``Simulation/portUnreachable``).
    public var icmpSent = 0
    /// Those the rate limit or a partition suppressed.
    public var icmpSuppressed = 0
    /// Local client requests the nodes accepted (full-stack runs).
    public var clientRequests = 0
    /// Local client requests refused (try again, busy, not joined, invalid).
    public var clientRefusals = 0
    /// cpg events told to local members, summed over nodes.
    public var cpgEvents = 0
    /// Nodes killed by a cfg KILLNODE.
    public var kills = 0
    /// Nodes that left on a requested shutdown.
    public var shutdowns = 0
    /// Network counters.
    public var network = VirtualNetwork.Statistics()
    /// Events processed.
    public var events = 0
    /// Virtual time simulated.
    public var simulatedTime: Duration = .zero

    /// Empty counters.
    public init() {}

    /// Adds another run's counters.
    public mutating func add(_ other: SimulationStatistics) {
        partitions += other.partitions
        asymmetricPartitions += other.asymmetricPartitions
        heals += other.heals
        crashes += other.crashes
        leaves += other.leaves
        restarts += other.restarts
        pauses += other.pauses
        clogs += other.clogs
        messagesSubmitted += other.messagesSubmitted
        submissionsRefused += other.submissionsRefused
        bytesSubmitted += other.bytesSubmitted
        deliveries += other.deliveries
        regularConfigurations += other.regularConfigurations
        transitionalConfigurations += other.transitionalConfigurations
        coreDrops += other.coreDrops
        forgedDatagrams += other.forgedDatagrams
        datagramsToDownNodes += other.datagramsToDownNodes
        inboxOverflows += other.inboxOverflows
        icmpSent += other.icmpSent
        icmpSuppressed += other.icmpSuppressed
        clientRequests += other.clientRequests
        clientRefusals += other.clientRefusals
        cpgEvents += other.cpgEvents
        kills += other.kills
        shutdowns += other.shutdowns
        network.routed += other.network.routed
        network.scheduled += other.network.scheduled
        network.lost += other.network.lost
        network.duplicated += other.network.duplicated
        network.blocked += other.network.blocked
        network.reordered += other.network.reordered
        events += other.events
        simulatedTime += other.simulatedTime
    }

    /// All counters on one line.
    public var description: String {
        "faults: partitions=\(partitions) asymmetric=\(asymmetricPartitions) heals=\(heals) crashes=\(crashes)"
            + " leaves=\(leaves) restarts=\(restarts) pauses=\(pauses) clogs=\(clogs)"
            + " | network: \(network) to-down=\(datagramsToDownNodes) inbox-overflows=\(inboxOverflows)"
            + " icmp=\(icmpSent)/\(icmpSent + icmpSuppressed)"
            + " | messages: submitted=\(messagesSubmitted) (\(bytesSubmitted) B) refused=\(submissionsRefused)"
            + " deliveries=\(deliveries)"
            + " | configurations: regular=\(regularConfigurations) transitional=\(transitionalConfigurations)"
            + " core-drops=\(coreDrops)"
            + (forgedDatagrams == 0 ? "" : " forged=\(forgedDatagrams)")
            + (clientRequests + clientRefusals == 0
                ? ""
                : " | clients: requests=\(clientRequests)"
                    + " refused=\(clientRefusals) cpg-events=\(cpgEvents) kills=\(kills) shutdowns=\(shutdowns)")
            + " | events=\(events) simulated=\(FaultSettings.format(simulatedTime))"
    }
}
