import NodeCore
import Totem

/// Why a ``ClusterNode`` stopped, or why one of its streams ended.
public enum ClusterNodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A cfg KILLNODE for this node was delivered (`cfgtool -k`, `corosync-cfgtool -k`).
    case killed(by: NodeID, reason: String)
    /// The ring could not go on (the ring id could not be stored, ...).
    case ringFailed(String)
    /// The node cannot start: its address is not local, the port is taken, or the state
    /// directory cannot be used.
    case cannotStart(String)
    /// The node is not running (not started yet, or stopped).
    case notRunning
    /// A subscriber read too slowly and fell `limit` elements behind: its stream was ended
    /// (nothing is dropped silently). Subscribe again, and read the status to catch up.
    case subscriberTooSlow(limit: Int)
    /// ``ClusterNode/ready(timeout:)`` ran out of time before the first synced membership.
    case notReady(Duration)
    /// The message is larger than the ring carries.
    case messageTooLarge(size: Int, limit: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .killed(let node, let reason): "Killed by node \(node) : \(reason)"
        case .ringFailed(let reason): reason
        case .cannotStart(let reason): "cannot start: \(reason)"
        case .notRunning: "the node is not running"
        case .subscriberTooSlow(let limit): "the subscriber fell \(limit) events behind and was cut off"
        case .notReady(let timeout): "no synced membership within \(timeout)"
        case .messageTooLarge(let size, let limit): "message of \(size) bytes is over the limit of \(limit)"
        }
    }
}
