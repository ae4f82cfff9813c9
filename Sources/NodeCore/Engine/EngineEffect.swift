import Totem
import VoteQuorum

/// What ``EngineCore`` asks its owner to do.
public enum EngineEffect: Hashable, Sendable {
    /// Multicast `payload` to `group` with `guarantee`, in the order given.
    case multicast(group: [UInt8], payload: [UInt8], guarantee: Guarantee)
    /// The quorum state changed (or was recomputed at the end of a sync).
    case quorumChanged(QuorumState)
    /// A line for the log, in corosync's words, tagged with its subsystem (`QUORUM`, `VOTEQ`, `MAIN`...).
    case log(subsystem: String, message: String)
    /// Synchronization completed for this ring ("ready to provide service").
    case syncCompleted(RingID)
    /// A cfg KILLNODE for this node arrived: exit with a failure status.
    case killed(by: NodeID, reason: String)
    /// This node's own cfg SHUTDOWN came back through the ring (`cfgtool -H`): leave the ring
    /// and stop cleanly.
    case shutdownRequested
    /// A cfg RELOAD_CONFIG arrived: re-read the configuration file. `token` is set when this
    /// node sent it (the request waiting for the result, see ``ServiceMessages/reloadConfig(from:token:)``).
    case reloadRequested(by: NodeID, token: UInt64?)
    /// expected_votes_tracking: persist this value (corosync's `ev_tracking` file).
    case persistExpectedVotes(UInt32)
    /// A closed process group event for a local member (see ``CPGService``).
    case cpg(CPGDelivery)
}
