import NodeCore
import Totem
import VoteQuorum

/// One observable fact of a run, in the order it happened: what the invariant checkers consume.
///
/// The simulation produces these; checker unit tests build them by hand.
public enum TraceEvent: Hashable, Sendable {
    /// A node (re)started with this persisted ring seq; a new incarnation begins.
    case started(NodeID, persistedRingSeq: UInt64)
    /// A node crashed or left; its incarnation ended.
    case stopped(NodeID)
    /// The simulator submitted a tagged message on `tag.id.sender`.
    case submitted(PayloadTag)
    /// A node holds the MCAST `(ringID, seq)`: it sent it, or the network handed it the
    /// datagram (for a recovery re-origination, both the outer and the inner MCAST count).
    case receivedMcast(NodeID, ringID: RingID, seq: UInt32)
    /// A node returned this effect.
    case effect(NodeID, TotemEffect)
    /// A node's votequorum reported this state (full-stack nodes only).
    case quorumChanged(NodeID, QuorumState)
    /// A full-stack node told one of its local cpg members this event.
    case cpg(NodeID, CPGDelivery)
    /// What a full-stack node shows tools changed.
    case status(NodeID, StatusView)
    /// A full-stack node completed the service synchronization of this ring.
    case syncCompleted(NodeID, RingID)
}
