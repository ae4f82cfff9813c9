import Totem

/// What a ``ClusterNode`` tells the program that embeds it, in order.
public enum ClusterEvent: Hashable, Sendable {
    /// A configuration change of the ring (transitional, then regular).
    case membership(ConfigurationChange)
    /// An application message delivered in the ring's total order.
    case delivered(DeliveredMessage)
}
