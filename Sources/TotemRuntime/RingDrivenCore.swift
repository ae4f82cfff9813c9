import Totem

/// What a ``RingRuntime`` needs from the pure core it drives on its ring thread: the entry
/// points of a totem node and a way to read its effects. ``TotemCore`` (a bare ring) and the
/// node core of `NodeCore` conform.
public protocol RingDrivenCore: Sendable {
    /// What the entry points return.
    associatedtype Effect: Sendable
    /// What the runtime publishes on its ordered stream.
    associatedtype Event: Sendable

    /// Starts the protocol.
    mutating func start(now: Instant) -> [Effect]
    /// Handles one datagram from a listed peer.
    mutating func receive(_ datagram: [UInt8], now: Instant) -> [Effect]
    /// Fires due timers (spurious calls do nothing).
    mutating func handleTimeout(now: Instant) -> [Effect]
    /// `node`'s process is gone (ICMP port unreachable from its port).
    mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [Effect]
    /// Leaves the ring in an orderly way (a LEAVE).
    mutating func leave(now: Instant) -> [Effect]
    /// Runs with a reloaded nodelist; false (nothing changed) when it lacks this node.
    mutating func setNodes(_ nodes: [NodeID]) -> Bool

    /// The earliest armed timer.
    var nextDeadline: Instant? { get }
    /// The ring's membership as tools see it: cheap to read after every input.
    var membership: RingMembership { get }
    /// The SRP counters (read when the status is published, at most every 20 ms).
    var srpStats: SRPStats { get }
    /// Messages submitted but not yet completely multicast.
    var unsentMessages: Int { get }
    /// Set once the core stopped (left, or failed with the reason); the runtime then stops.
    var stopped: RingStop? { get }

    /// What the runtime does with one effect.
    static func action(for effect: Effect) -> RingAction<Event>
    /// The last event, published when the runtime stopped (`failure` nil after a leave).
    static func stoppedEvent(failure: String?) -> Event
}

/// What a runtime does with one effect of its core.
public enum RingAction<Event: Sendable> {
    /// Send a datagram through the transport.
    case send([UInt8], to: Destination)
    /// Store the ring seq before going on (a failure stops the node, as corosync exits).
    case persistRingSeq(UInt64)
    /// Publish on the ordered event stream.
    case publish(Event)
    /// Count a dropped input.
    case dropped
    /// Nothing to do (the core consumed it).
    case ignore
}

/// Why a core stopped.
public enum RingStop: Hashable, Sendable {
    /// It left the ring in an orderly way.
    case left
    /// It stopped for this reason (the runtime reports it as a failure).
    case failed(String)
}

/// The part of a ring's state that tools show, compared after every input.
public struct RingMembership: Hashable, Sendable {
    /// The membership state.
    public var state: MembershipState
    /// The current ring.
    public var ringID: RingID
    /// Members of the current regular configuration.
    public var members: [NodeID]

    /// Creates a summary.
    public init(state: MembershipState, ringID: RingID, members: [NodeID]) {
        self.state = state
        self.ringID = ringID
        self.members = members
    }
}

extension TotemCore: RingDrivenCore {
    /// The ring's membership.
    public var membership: RingMembership {
        RingMembership(state: srp.state, ringID: srp.ringID, members: srp.members)
    }

    /// The SRP counters.
    public var srpStats: SRPStats { srp.stats }

    /// ``RingStop/left`` once the LEAVE was sent.
    public var stopped: RingStop? { srp.hasLeft ? .left : nil }

    /// Deliveries and configuration changes are published; drops are counted.
    public static func action(for effect: TotemEffect) -> RingAction<TotemRingEvent> {
        switch effect {
        case .send(let bytes, let destination): .send(bytes, to: destination)
        case .persistRingSeq(let seq): .persistRingSeq(seq)
        case .deliver(let message): .publish(.delivered(message))
        case .configurationChanged(let change): .publish(.configuration(change))
        case .dropped: .dropped
        }
    }

    /// ``TotemRingEvent/stopped(_:)``.
    public static func stoppedEvent(failure: String?) -> TotemRingEvent { .stopped(failure) }
}
