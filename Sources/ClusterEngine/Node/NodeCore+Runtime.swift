import NodeCore
import Totem
import TotemRuntime

/// What the ring thread publishes for a ``ClusterNode``: the node core's effects that concern
/// the shell, in order, then the stop.
public enum NodeEvent: Sendable {
    /// An effect of the node core.
    case effect(NodeEffect)
    /// The ring stopped: after a leave (nil) or a failure (the reason).
    case stopped(failure: String?)
}

extension NodeCore: RingDrivenCore {
    /// The ring's membership.
    public var membership: RingMembership {
        RingMembership(state: ring.srp.state, ringID: ring.srp.ringID, members: ring.srp.members)
    }

    /// The SRP counters.
    public var srpStats: SRPStats { ring.srp.stats }

    /// Messages submitted but not yet completely multicast.
    public var unsentMessages: Int { ring.unsentMessages }

    /// The runtime stops once the node left or was killed.
    public var stopped: RingStop? {
        switch stop {
        case nil: nil
        case .left?: .left
        case .killed?: .failed(stop?.failure ?? "killed")
        }
    }

    /// Datagrams go to the transport, the ring seq to its file; deliveries of corosync's
    /// internal groups stay on the ring thread (the core consumed them); the rest is published.
    public static func action(for effect: NodeEffect) -> RingAction<NodeEvent> {
        switch effect {
        case .send(let bytes, let destination): .send(bytes, to: destination)
        case .persistRingSeq(let seq): .persistRingSeq(seq)
        case .dropped: .dropped
        case .delivered(let message) where message.isEngineMessage: .ignore
        default: .publish(.effect(effect))
        }
    }

    /// ``NodeEvent/stopped(failure:)``.
    public static func stoppedEvent(failure: String?) -> NodeEvent { .stopped(failure: failure) }
}
