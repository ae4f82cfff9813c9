import Totem

/// What a member of a closed process group is told, in the ring's total order.
public enum CPGEvent: Hashable, Sendable {
    /// A message multicast to the group by `sender` (this process's own messages included).
    case message(from: CPGAddress, payload: [UInt8])
    /// The group's membership changed: `members` is the membership after the change.
    case membership(CPGMembershipChange)
}

/// One change of a group's membership (corosync's confchg callback).
public struct CPGMembershipChange: Hashable, Sendable {
    /// The members after the change, ordered by node id then pid.
    public var members: [CPGAddress]
    /// The processes that joined, and why.
    public var joined: [CPGMemberChange]
    /// The processes that left, and why.
    public var left: [CPGMemberChange]

    /// Creates a change.
    public init(members: [CPGAddress], joined: [CPGMemberChange], left: [CPGMemberChange]) {
        self.members = members
        self.joined = joined
        self.left = left
    }
}

/// A process that joined or left, with the reason.
public struct CPGMemberChange: Hashable, Sendable {
    /// The process.
    public var address: CPGAddress
    /// Why.
    public var reason: CPGReason

    /// Creates an entry.
    public init(address: CPGAddress, reason: CPGReason) {
        self.address = address
        self.reason = reason
    }
}

/// An event for one local member of a group (the engine decides who is told, as corosync
/// does for its IPC clients).
public struct CPGDelivery: Hashable, Sendable {
    /// The local process that gets the event.
    public var recipient: CPGAddress
    /// Its group.
    public var group: CPGGroupName
    /// The event.
    public var event: CPGEvent

    /// Creates a delivery.
    public init(recipient: CPGAddress, group: CPGGroupName, event: CPGEvent) {
        self.recipient = recipient
        self.group = group
        self.event = event
    }
}
