/// The delivery guarantee an application asks for, per message.
public enum Guarantee: Int32, Hashable, Sendable, CaseIterable {
    /// Delivered in the ring's total order as soon as every earlier message was delivered.
    case agreed = 0
    /// Additionally delivered only once every member of the configuration has received it
    /// (corosync carries this flag but ignores it; we honour it).
    case safe = 1
}

/// Where a datagram goes.
public enum Destination: Hashable, Sendable {
    /// One node (the token and commit token go to the ring successor).
    case node(NodeID)
    /// Every node of the static nodelist, this node included (udpu's "multicast").
    case allNodes
}

/// A membership change as extended virtual synchrony delivers it: first a transitional
/// configuration (the members that come from this node's old ring), then a regular one.
public struct ConfigurationChange: Hashable, Sendable, CustomStringConvertible {
    /// The two kinds of configuration.
    public enum Kind: Hashable, Sendable {
        /// The survivors of the old ring; old-ring messages still delivered follow it.
        case transitional
        /// The new ring.
        case regular
    }

    /// Transitional or regular.
    public var kind: Kind
    /// The new ring's id (for both kinds, as corosync reports it).
    public var ringID: RingID
    /// The configuration's members, ascending.
    public var members: [NodeID]
    /// Members of the previous configuration that are not in this one.
    public var left: [NodeID]
    /// Members of this configuration that were not in the previous one.
    public var joined: [NodeID]

    /// Creates a configuration change.
    public init(kind: Kind, ringID: RingID, members: [NodeID], left: [NodeID], joined: [NodeID]) {
        self.kind = kind
        self.ringID = ringID
        self.members = members
        self.left = left
        self.joined = joined
    }

    /// `regular 1.9 members [1, 2] joined [2] left []`.
    public var description: String {
        "\(kind == .regular ? "regular" : "transitional") \(ringID) members \(members) joined \(joined) left \(left)"
    }
}

/// Why the core dropped an input. Drops are counted, never fatal.
public enum DropReason: Hashable, Sendable {
    /// The datagram could not be decoded.
    case malformed(WireError)
    /// A token whose token_seq was already seen (a retransmitted copy).
    case duplicateToken
    /// A message stamped with a ring id this node is not in, where that is not a membership event.
    case foreignRing(TotemMessageType)
    /// A message from a member of our current ring, stamped with an older ring of that member:
    /// it was in flight since before this ring formed and says nothing about another partition.
    case staleRing(TotemMessageType)
    /// A message the current membership state does not accept (an ORF token during GATHER...).
    case notAcceptedInState(TotemMessageType)
    /// An MCAST outside the retransmission window or already stored.
    case duplicateOrOutOfWindowMessage
    /// A totempg packet inside an MCAST could not be parsed or reassembled.
    case malformedPacket
    /// A membership message (JOIN, commit token) naming a node id outside the nodelist: no
    /// node of this cluster could have sent it, and merging its lists would let them outgrow
    /// what any node accepts (see ``SRPCore/isListed(_:)``).
    case unlistedNode(TotemMessageType)
    /// An ORF token of our ring whose seq or aru cannot follow from the ring's state (an aru
    /// above its seq, a seq beyond any send window): forged or corrupt.
    case implausibleToken
    /// An MCAST for a seq this node holds with other bytes: two messages claim one place in the
    /// total order (a forged MCAST, or a forged token that started a second token chain).
    case conflictingMessage
}

/// One SRP-level delivery: the payload of one MCAST (a totempg packet), in total order.
public struct PacketDelivery: Hashable, Sendable {
    /// The originator (the inner header's node id for re-originated old-ring messages).
    public var sender: NodeID
    /// The MCAST payload.
    public var payload: [UInt8]
    /// The guarantee the originator asked for.
    public var guarantee: Guarantee
    /// True when the originator wrote big-endian, so the payload's integers need swapping.
    public var swapped: Bool
    /// The ring in which the message was ordered.
    public var ringID: RingID
    /// Its seq in that ring.
    public var seq: UInt32

    /// Creates a delivery.
    public init(sender: NodeID, payload: [UInt8], guarantee: Guarantee, swapped: Bool, ringID: RingID, seq: UInt32) {
        self.sender = sender
        self.payload = payload
        self.guarantee = guarantee
        self.swapped = swapped
        self.ringID = ringID
        self.seq = seq
    }
}

/// What the SRP state machine asks its owner to do.
public enum SRPEffect: Hashable, Sendable {
    /// Send a datagram.
    case send([UInt8], to: Destination)
    /// Hand a packet up in total order.
    case deliver(PacketDelivery)
    /// A configuration change (transitional first, then regular).
    case configurationChanged(ConfigurationChange)
    /// Write this ring seq to stable storage (corosync's `ringid_<nodeid>` file) before going on.
    case persistRingSeq(UInt64)
    /// An input was dropped.
    case dropped(DropReason)
}

/// The membership states of the SRP.
public enum MembershipState: String, Hashable, Sendable {
    /// Token circulating, messages ordered and delivered.
    case operational
    /// Exchanging joins until every live node agrees on the membership.
    case gather
    /// The commit token circulates to install the new ring.
    case commit
    /// Old-ring messages are re-sent so that survivors end the old ring together.
    case recovery
}

/// One application message delivered by ``TotemCore`` in total order.
public struct DeliveredMessage: Hashable, Sendable {
    /// The node that submitted it.
    public var sender: NodeID
    /// The groups it was addressed to.
    public var groups: [[UInt8]]
    /// The application payload (without the group header).
    public var payload: [UInt8]
    /// The guarantee it was submitted with.
    public var guarantee: Guarantee
    /// The ring in which it was ordered.
    public var ringID: RingID
    /// The seq, in that ring, of the MCAST that completed it (its last fragment).
    public var seq: UInt32

    /// Creates a delivered message.
    public init(sender: NodeID, groups: [[UInt8]], payload: [UInt8], guarantee: Guarantee, ringID: RingID, seq: UInt32)
    {
        self.sender = sender
        self.groups = groups
        self.payload = payload
        self.guarantee = guarantee
        self.ringID = ringID
        self.seq = seq
    }
}

/// What ``TotemCore`` asks its owner (the runtime, the simulator, a test) to do.
public enum TotemEffect: Hashable, Sendable {
    /// Send a datagram.
    case send([UInt8], to: Destination)
    /// Hand an application message up, in total order.
    case deliver(DeliveredMessage)
    /// A configuration change (transitional first, then regular).
    case configurationChanged(ConfigurationChange)
    /// Write this ring seq to stable storage before going on (a restarted node must start above it).
    case persistRingSeq(UInt64)
    /// An input was dropped.
    case dropped(DropReason)
}
