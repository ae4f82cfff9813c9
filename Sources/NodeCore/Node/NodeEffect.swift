import CMap
import Totem
import VoteQuorum

/// What ``NodeCore`` asks its owner (the ring runtime, the simulator, a test) to do, in order.
///
/// The first five cases are the ring's own (``TotemEffect``); the others come from the services
/// above it. Every delivery is reported, corosync's internal groups (`"a"`, `"sync"`) included,
/// so that the simulator's checkers see the whole total order; the shell hands embedders only
/// the others (``DeliveredMessage/isEngineMessage``).
public enum NodeEffect: Hashable, Sendable {
    /// Send a datagram.
    case send([UInt8], to: Destination)
    /// Write this ring seq to stable storage before going on.
    case persistRingSeq(UInt64)
    /// An input was dropped (counted, never fatal).
    case dropped(DropReason)
    /// A configuration change of the ring (transitional, then regular).
    case configurationChanged(ConfigurationChange)
    /// A message delivered in the ring's total order.
    case delivered(DeliveredMessage)
    /// votequorum notified a quorum change (or recomputed the state at the end of a sync).
    case quorumChanged(QuorumState)
    /// votequorum's figures changed without a notification (the last_man_standing window lowered
    /// expected votes while quorate stayed): the last notified state with the new expected votes
    /// and quorum.
    case quorumFiguresChanged(QuorumState)
    /// The ring entered OPERATIONAL (true), or left it to re-form the membership (false): from
    /// then on, until the next configuration, this node cannot know who else is running.
    case operational(Bool)
    /// What tools and snapshots show changed (see ``NodeStatus``).
    case status(NodeStatus)
    /// A line for the log, in corosync's words, tagged with its subsystem.
    case log(subsystem: String, message: String)
    /// Changes of the `runtime.*` cmap keys this node derives (members, votequorum, counters).
    case cmap([CMapUpdate])
    /// A closed process group event for a local member.
    case cpg(CPGDelivery)
    /// Synchronization completed for this ring ("ready to provide service").
    case syncCompleted(RingID)
    /// A cfg KILLNODE for this node arrived; the node has stopped (``NodeCore/stop``).
    case killed(by: NodeID, reason: String)
    /// A cfg RELOAD_CONFIG arrived: the owner re-reads its configuration file and applies it
    /// (``NodeCore/applyReload(running:reloaded:now:)``). `token` is set when this node sent it.
    case reloadRequested(by: NodeID, token: UInt64?)
    /// expected_votes_tracking: persist this value (corosync's `ev_tracking` file).
    case persistExpectedVotes(UInt32)
}

/// One change of a cmap key derived by the node core.
public enum CMapUpdate: Hashable, Sendable {
    /// Set `key` to `value` (created if missing).
    case set(String, CMapValue)
    /// Add one to the integer at `key`.
    case increment(String)
}

extension DeliveredMessage {
    /// True for corosync's internal groups (services `"a"`, `"sync"`), which the node core
    /// consumes itself.
    public var isEngineMessage: Bool {
        groups.contains(GroupHeader.services) || groups.contains(GroupHeader.sync)
    }
}
