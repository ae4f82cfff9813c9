import Totem
import VoteQuorum

/// What a ``ClusterNode`` tells the program that embeds it, in order.
public enum ClusterEvent: Hashable, Sendable {
    /// A configuration change of the ring (transitional, then regular).
    case membership(ConfigurationChange)
    /// An application message delivered in the ring's total order (groups other than
    /// corosync's internal `"a"` and `"sync"`).
    case delivered(DeliveredMessage)
    /// The quorum state after a sync or a votequorum message changed it.
    case quorum(QuorumState)
}
