import Totem

/// Something scheduled on the simulation's event queue.
public enum SimulationEvent: Hashable, Sendable {
    /// A datagram copy arrives at `to`.
    case datagram(from: NodeID, to: NodeID, bytes: [UInt8])
    /// An ICMP port unreachable about `about` (its process is down) reaches `to`.
    case portUnreachable(to: NodeID, about: NodeID)
    /// A node's timer deadline, armed in incarnation `incarnation`.
    case timer(NodeID, incarnation: Int)
    /// Start (or restart) a node that is down, unless `epoch` is stale.
    case start(NodeID, epoch: Int)
    /// Resume a paused node, unless `epoch` is stale.
    case resume(NodeID, epoch: Int)
    /// Remove a node's clog, unless `epoch` is stale.
    case unclog(NodeID, epoch: Int)
    /// The swarm driver's next fault of this kind (fault phase only).
    case fault(FaultKind)
    /// The swarm driver's next burst of submissions (fault phase only).
    case submitBurst
    /// The client driver's next cpg burst, or (`admin`) operator request (fault phase only).
    case clients(admin: Bool)
}

/// The kinds of fault the swarm driver injects on a schedule.
public enum FaultKind: String, Hashable, Sendable, CaseIterable {
    /// Split the network, or heal it when split.
    case partition
    /// Crash (or orderly leave of) a node, restarted after a random downtime.
    case crash
    /// Pause a node for a random time.
    case pause
    /// Slow every link of one node for a random time.
    case clog
    /// A burst of forged and garbage datagrams from listed addresses.
    case forge
}
