import Totem

/// A request of a local client of a full-stack node: a cpg process, `corosync-quorumtool`, or
/// `corosync-cfgtool`. The swarm issues them from the seed; scenario tests through
/// ``Simulation/request(_:on:)`` and its helpers.
public enum ClientRequest: Hashable, Sendable, CustomStringConvertible {
    /// Process `pid` joins cpg group `group`.
    case cpgJoin(group: String, pid: UInt32)
    /// Member `pid` leaves `group`.
    case cpgLeave(group: String, pid: UInt32)
    /// Member `pid` multicasts `payload` to `group`.
    case cpgMulticast(group: String, pid: UInt32, payload: [UInt8])
    /// `corosync-quorumtool -e N`.
    case setExpectedVotes(UInt32)
    /// `corosync-quorumtool -n node -v votes`.
    case setVotes(UInt32, of: NodeID)
    /// `corosync-cfgtool -k node`.
    case killNode(NodeID, reason: String)
    /// `corosync-cfgtool -H`: the node shuts down (falls back to leaving after `fallback`).
    case shutdown(fallback: Duration)

    /// A short description for the timeline (a multicast's payload as its size).
    public var description: String {
        switch self {
        case .cpgJoin(let group, let pid): "cpg join \(group) pid \(pid)"
        case .cpgLeave(let group, let pid): "cpg leave \(group) pid \(pid)"
        case .cpgMulticast(let group, let pid, let payload): "cpg mcast \(group) pid \(pid) \(payload.count) B"
        case .setExpectedVotes(let votes): "set expected votes \(votes)"
        case .setVotes(let votes, let node): "set votes of node \(node) to \(votes)"
        case .killNode(let node, let reason): "kill node \(node) (\(reason))"
        case .shutdown(let fallback): "shutdown (fallback \(FaultSettings.format(fallback)))"
        }
    }
}

/// Why a node refused a ``ClientRequest``; a real client retries the transient ones.
public enum ClientRefusal: Error, Hashable, Sendable {
    /// The node serves no such clients (a bare ring core).
    case unsupported
    /// Too many messages wait (cpg's `CS_ERR_TRY_AGAIN`): retry later.
    case tryAgain
    /// A join or leave of this member is still in progress (`CS_ERR_BUSY`): retry later.
    case busy
    /// The process is not a member of the group (or is leaving).
    case notJoined
    /// The process already joined (or is joining) the group.
    case alreadyJoined
    /// The request was refused for another reason (votequorum's validation, a kill of a node
    /// outside the ring, a second shutdown, a stopped node).
    case refused(String)
}
