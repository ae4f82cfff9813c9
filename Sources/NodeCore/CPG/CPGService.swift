import Totem

/// corosync's closed process group service (`exec/cpg.c` of 3.1.7) as a pure state machine:
/// the members of every group in the cluster, this node's local members and their join state,
/// the cpg sync phase, and who is told what.
///
/// Inputs: the embedder's requests (``join(group:pid:)``, ``leave(group:pid:)``,
/// ``multicast(group:pid:payload:)``, which return the exec message to multicast), the cpg
/// messages the ring delivers (``receive(_:from:)``) and the sync hooks. Outputs: the messages to
/// multicast and ``CPGDelivery``s for local members, in the ring's total order.
///
/// As in corosync, a local member is told about a group only once its own PROCJOIN was
/// delivered (the join completed), and until its own PROCLEAVE was; an MCAST from a node with
/// no member in the group is not delivered. On each sync the service sends a DOWNLIST and,
/// when it has local members, a JOINLIST; at activation members of nodes that left the ring
/// leave (NODEDOWN), members announced in others' JOINLISTs join (NODEUP), and remote members
/// nobody re-announced are dropped (PROCDOWN).
public struct CPGService: Sendable {
    /// A local member's state (corosync's `cpd_state`).
    public enum LocalState: Hashable, Sendable {
        /// PROCJOIN sent, not yet delivered.
        case joinStarted
        /// PROCJOIN delivered: the member gets the group's events.
        case joinCompleted
        /// PROCLEAVE sent, not yet delivered.
        case leaveStarted
    }

    struct LocalKey: Hashable, Sendable {
        var group: CPGGroupName
        var pid: UInt32
    }

    struct Announcement: Hashable, Sendable {
        var sender: NodeID
        var entry: CPGExecMessage.JoinListEntry
    }

    struct PartialKey: Hashable, Sendable {
        var group: CPGGroupName
        var sender: CPGAddress
    }

    /// This node.
    public let myID: NodeID
    /// Every group's members, ordered by node id then pid.
    public internal(set) var groups: [CPGGroupName: [CPGAddress]] = [:]
    var local: [LocalKey: LocalState] = [:]
    /// The ring members at the last cpg activation (corosync's `my_old_member_list`).
    public private(set) var oldMembers: [NodeID] = []
    var syncMembers: [NodeID] = []
    var leftAtSync: [NodeID] = []
    var joinLists: [Announcement] = []
    var partials: [PartialKey: [UInt8]] = [:]

    /// Creates an empty service.
    public init(myID: NodeID) { self.myID = myID }

    /// The members of `group` (empty when it has none).
    public func members(of group: CPGGroupName) -> [CPGAddress] { groups[group] ?? [] }

    /// The state of local member `pid` in `group` (nil: not a member).
    public func localState(group: CPGGroupName, pid: UInt32) -> LocalState? { local[LocalKey(group: group, pid: pid)] }

    // MARK: Requests of local processes

    /// Local process `pid` joins `group`: returns the PROCJOIN to multicast.
    /// - Throws: ``CPGError/alreadyJoined(group:pid:)`` when it is a member or joining,
    ///   ``CPGError/busy(group:pid:)`` while its previous leave is not yet delivered.
    public mutating func join(group: CPGGroupName, pid: UInt32) throws(CPGError) -> CPGExecMessage {
        let key = LocalKey(group: group, pid: pid)
        switch local[key] {
        case .joinStarted, .joinCompleted: throw .alreadyJoined(group: group.description, pid: pid)
        case .leaveStarted: throw .busy(group: group.description, pid: pid)
        case nil: break
        }
        if members(of: group).contains(CPGAddress(nodeID: myID, pid: pid)) {
            throw .busy(group: group.description, pid: pid)
        }
        local[key] = .joinStarted
        return .procJoin(group: group, pid: pid, reason: .join)
    }

    /// Local member `pid` leaves `group`: returns the PROCLEAVE to multicast.
    /// - Throws: ``CPGError/busy(group:pid:)`` while its join is in progress,
    ///   ``CPGError/notJoined(group:pid:)`` when it is no member or already leaving.
    public mutating func leave(group: CPGGroupName, pid: UInt32) throws(CPGError) -> CPGExecMessage {
        let key = LocalKey(group: group, pid: pid)
        switch local[key] {
        case .joinCompleted:
            local[key] = .leaveStarted
            return .procLeave(group: group, pid: pid, reason: .leave)
        case .joinStarted: throw .busy(group: group.description, pid: pid)
        case .leaveStarted, nil: throw .notJoined(group: group.description, pid: pid)
        }
    }

    /// The largest payload one MCAST carries: the ring's message limit (1 MiB) less the group
    /// envelope of `"a"` (5 bytes) and the MCAST header (184). We never fragment into
    /// PARTIAL_MCASTs (libcpg does so only above its IPC limit, also about 1 MiB).
    public static let maxPayloadSize = FramePacker.maxMessageSize - 5 - CPGExecMessage.mcastHeaderSize

    /// Local member `pid` multicasts `payload` to `group`: returns the MCAST.
    /// - Throws: ``CPGError/notJoined(group:pid:)`` unless it joined (or is joining),
    ///   ``CPGError/messageTooLarge(size:limit:)`` over ``maxPayloadSize``.
    public func multicast(group: CPGGroupName, pid: UInt32, payload: [UInt8]) throws(CPGError) -> CPGExecMessage {
        guard payload.count <= Self.maxPayloadSize else { throw .messageTooLarge(size: payload.count, limit: Self.maxPayloadSize) }
        switch local[LocalKey(group: group, pid: pid)] {
        case .joinStarted, .joinCompleted:
            return .mcast(group: group, pid: pid, sourceNode: myID, payload: payload)
        case .leaveStarted, nil:
            throw .notJoined(group: group.description, pid: pid)
        }
    }

    // MARK: Messages delivered by the ring

    /// Feeds a cpg exec message delivered from `sender`, in total order.
    public mutating func receive(_ message: CPGExecMessage, from sender: NodeID) -> [CPGDelivery] {
        var deliveries: [CPGDelivery] = []
        switch message {
        case .procJoin(let group, let pid, let reason):
            addMember(CPGAddress(nodeID: sender, pid: pid), to: group, reason: reason, into: &deliveries)
        case .procLeave(let group, let pid, let reason):
            removeMembers([CPGMemberChange(address: CPGAddress(nodeID: sender, pid: pid), reason: reason)], from: group, into: &deliveries)
        case .joinList(let entries):
            // Kept until activation; a JOINLIST outside a sync is applied at the next one.
            for entry in entries { joinLists.append(Announcement(sender: sender, entry: entry)) }
        case .mcast(let group, let pid, _, let payload):
            deliverMessage(payload, from: CPGAddress(nodeID: sender, pid: pid), group: group, into: &deliveries)
        case .downlist:
            break  // corosync 3.1.7 only logs it; each node computes its own left list.
        case .partialMcast(let group, let pid, let length, let type, _, let fragment):
            let from = CPGAddress(nodeID: sender, pid: pid)
            let key = PartialKey(group: group, sender: from)
            switch type {
            case .first:
                partials[key] = fragment
                partials[key]?.reserveCapacity(Int(min(length, 1 << 26)))
            case .continued:
                partials[key]?.append(contentsOf: fragment)
            case .last:
                guard var whole = partials.removeValue(forKey: key) else { break }
                whole.append(contentsOf: fragment)
                deliverMessage(whole, from: from, group: group, into: &deliveries)
            }
        }
        return deliveries
    }

    // MARK: Sync phase (service 2)

    /// A sync started (corosync's `cpg_sync_init`): `transitional` is the transitional
    /// membership restricted to the new members. The nodes that left are the members of the
    /// last activation missing from it.
    public mutating func syncInit(members: [NodeID], transitional: [NodeID]) {
        syncMembers = members
        // This node is always in its own transitional configuration; never count it as gone.
        leftAtSync = oldMembers.filter { !transitional.contains($0) && $0 != myID }
        joinLists = []
    }

    /// The messages of this node's cpg phase: a DOWNLIST, then a JOINLIST of the local members
    /// when there are any (none is sent without: an empty JOINLIST is never sent by corosync).
    public func syncProcess() -> [CPGExecMessage] {
        var messages: [CPGExecMessage] = [.downlist(oldMembers: UInt32(oldMembers.count), left: leftAtSync)]
        let mine = groups.keys.sorted().flatMap { group in
            members(of: group).filter { $0.nodeID == myID }.map { CPGExecMessage.JoinListEntry(pid: $0.pid, group: group) }
        }.sorted { $0.pid < $1.pid }
        if !mine.isEmpty { messages.append(.joinList(mine)) }
        return messages
    }

    /// Every member finished the cpg phase (corosync's `cpg_sync_activate`): members of departed
    /// nodes leave (one change per group, reason NODEDOWN), JOINLIST entries of other nodes join
    /// (NODEUP), and remote members that no JOINLIST re-announced leave (PROCDOWN).
    public mutating func syncActivate() -> [CPGDelivery] {
        var deliveries: [CPGDelivery] = []
        oldMembers = syncMembers
        for group in groups.keys.sorted() {
            let gone = members(of: group).filter { leftAtSync.contains($0.nodeID) }
            if !gone.isEmpty {
                removeMembers(gone.map { CPGMemberChange(address: $0, reason: .nodeDown) }, from: group, into: &deliveries)
            }
        }
        // corosync keeps its JOINLIST entries newest first.
        let announced = joinLists.filter { $0.sender != myID }
        for announcement in announced.reversed() {
            let entry = announcement.entry
            addMember(CPGAddress(nodeID: announcement.sender, pid: entry.pid), to: entry.group, reason: .nodeUp, into: &deliveries)
        }
        for group in groups.keys.sorted() {
            for member in members(of: group) where member.nodeID != myID {
                let reannounced = announced.contains { $0.sender == member.nodeID && $0.entry.pid == member.pid && $0.entry.group == group }
                if !reannounced {
                    removeMembers([CPGMemberChange(address: member, reason: .processDown)], from: group, into: &deliveries)
                }
            }
        }
        joinLists = []
        partials = partials.filter { !leftAtSync.contains($0.key.sender.nodeID) }
        return deliveries
    }
}
