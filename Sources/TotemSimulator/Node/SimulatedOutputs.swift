import NodeCore
import Totem
import VoteQuorum

/// What the simulator takes from one call into a node.
public struct SimulatedOutputs: Sendable {
    /// The ring's effects, in order.
    public var ring: [TotemEffect] = []
    /// Quorum states the node reported (votequorum's notifications and figure changes).
    public var quorum: [QuorumState] = []
    /// What the node told local clients and tools (full-stack nodes only), each placed among
    /// ``ring`` so that the checkers see it in its true order.
    public var events: [Event] = []

    /// Outputs made of these.
    public init(ring: [TotemEffect] = [], quorum: [QuorumState] = [], events: [Event] = []) {
        self.ring = ring
        self.quorum = quorum
        self.events = events
    }

    /// A client-visible output, placed after the first `afterRingEffects` entries of ``ring``.
    public struct Event: Hashable, Sendable {
        /// How many ring effects came before it.
        public var afterRingEffects: Int
        /// What it is.
        public var kind: ClientEvent

        /// Creates an event.
        public init(afterRingEffects: Int, kind: ClientEvent) {
            self.afterRingEffects = afterRingEffects
            self.kind = kind
        }
    }
}

/// A client-visible output of a full-stack node.
public enum ClientEvent: Hashable, Sendable {
    /// A cpg event for one local member (recipient pid, group, membership change or message).
    case cpg(CPGDelivery)
    /// What tools show changed (see ``StatusView``).
    case status(StatusView)
    /// The service synchronization of this ring completed (after its cpg activation events).
    case syncCompleted(RingID)
}

/// What a node shows tools (`corosync-quorumtool`, `cfgtool`): its last *completed*
/// configuration (whose service sync finished) with its quorum; the simulator's copy of
/// NodeCore's `NodeStatus`.
public struct StatusView: Hashable, Sendable, CustomStringConvertible {
    /// The last synchronized ring (nil before the first sync completed).
    public var ringID: RingID?
    /// Its members, ascending (the node alone before the first sync).
    public var members: [NodeID]
    /// Whether the node shows itself quorate.
    public var quorate: Bool
    /// Expected votes and quorum shown (0 without votequorum).
    public var expectedVotes: UInt32
    /// The quorum shown.
    public var quorum: UInt32

    /// Creates a view.
    public init(ringID: RingID?, members: [NodeID], quorate: Bool, expectedVotes: UInt32 = 0, quorum: UInt32 = 0) {
        self.ringID = ringID
        self.members = members
        self.quorate = quorate
        self.expectedVotes = expectedVotes
        self.quorum = quorum
    }

    /// `ring 1/8 members [1, 2] quorate (expected 3, quorum 2)`.
    public var description: String {
        "ring \(ringID.map { "\($0)" } ?? "none") members \(members) \(quorate ? "quorate" : "not quorate")"
            + " (expected \(expectedVotes), quorum \(quorum))"
    }
}

/// Why a node stopped by itself.
public enum SelfStop: Hashable, Sendable {
    /// It left the ring (a requested shutdown).
    case left
    /// A cfg KILLNODE for it was delivered.
    case killed(by: NodeID)
}
