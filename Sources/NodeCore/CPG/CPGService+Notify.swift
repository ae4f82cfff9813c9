import Totem

extension CPGService {
    /// corosync's `do_proc_join`: adds `address` to `group` unless it is there, then tells the
    /// group's local members (a local member's own join completes it first).
    mutating func addMember(_ address: CPGAddress, to group: CPGGroupName, reason: CPGReason, into deliveries: inout [CPGDelivery]) {
        var list = members(of: group)
        guard !list.contains(address) else { return }
        list.insert(address, at: list.firstIndex { address < $0 } ?? list.endIndex)
        groups[group] = list
        let key = LocalKey(group: group, pid: address.pid)
        if address.nodeID == myID, local[key] == .joinStarted { local[key] = .joinCompleted }
        let change = CPGMembershipChange(members: list, joined: [CPGMemberChange(address: address, reason: reason)], left: [])
        notify(group: group, event: .membership(change), into: &deliveries)
    }

    /// corosync's `do_proc_leave` (and the NODEDOWN change of a sync): tells the group's local
    /// members, then removes the processes; a local member's own LEAVE ends its membership.
    mutating func removeMembers(_ gone: [CPGMemberChange], from group: CPGGroupName, into deliveries: inout [CPGDelivery]) {
        let leaving = Set(gone.map(\.address))
        let remaining = members(of: group).filter { !leaving.contains($0) }
        let change = CPGMembershipChange(members: remaining, joined: [], left: gone)
        notify(group: group, event: .membership(change), into: &deliveries)
        groups[group] = remaining.isEmpty ? nil : remaining
        for entry in gone where entry.address.nodeID == myID {
            let key = LocalKey(group: group, pid: entry.address.pid)
            // A local member's membership ends with its own leave, or when its entry is removed
            // for another reason (it can no longer send or be told anything).
            if entry.reason == .leave || local[key] != .joinStarted { local[key] = nil }
        }
        partials = partials.filter { !($0.key.group == group && leaving.contains($0.key.sender)) }
    }

    /// corosync's MCAST delivery: to every local member of `group` whose join completed (or
    /// that is leaving), and only when the sender's node has a member in the group.
    mutating func deliverMessage(_ payload: [UInt8], from sender: CPGAddress, group: CPGGroupName, into deliveries: inout [CPGDelivery]) {
        guard members(of: group).contains(where: { $0.nodeID == sender.nodeID }) else { return }
        notify(group: group, event: .message(from: sender, payload: payload), into: &deliveries)
    }

    /// Addresses `event` to the local members of `group` that hear the group, in pid order.
    func notify(group: CPGGroupName, event: CPGEvent, into deliveries: inout [CPGDelivery]) {
        let recipients = local.filter { $0.key.group == group && $0.value != .joinStarted }.map(\.key.pid).sorted()
        for pid in recipients {
            deliveries.append(CPGDelivery(recipient: CPGAddress(nodeID: myID, pid: pid), group: group, event: event))
        }
    }
}
