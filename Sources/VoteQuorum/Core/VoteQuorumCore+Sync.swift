import Totem

extension VoteQuorumCore {
    /// Feeds a totem configuration change: a regular configuration starts votequorum's sync
    /// (``syncInit(members:ringID:now:)``); transitional ones carry nothing for votequorum.
    public mutating func configurationChanged(_ change: ConfigurationChange, now: Instant) -> [VoteQuorumEffect] {
        switch change.kind {
        case .transitional: return []
        case .regular: return syncInit(members: change.members, ringID: change.ringID, now: now)
        }
    }

    /// `votequorum_sync_init`: a new regular membership begins syncing. Marks nodes that left
    /// DEAD, drops our FIRST flag once we share a ring, and (re)arms the last_man_standing
    /// window when nodes were lost while enough remain (or, with ATB, the lowest node is here).
    public mutating func syncInit(members: [NodeID], ringID: RingID, now: Instant) -> [VoteQuorumEffect] {
        syncInProgress = true
        syncNodeInfoSent = false
        if members.count > 1 { us.flags.remove(.first) }
        var nodesLeft = false
        for id in quorumMembers where !members.contains(id) {
            nodesLeft = true
            if let position = index(of: id) { nodes[position].state = .dead }
        }
        if lastManStanding {
            let count = UInt32(truncatingIfNeeded: members.count)
            if (count >= quorum && nodesLeft)
                || (count <= quorum && tieBreaker != .none && lowestNodePresent())
            {
                lastManStandingDeadline = now + configuration.lastManStandingWindow
            }
        }
        previousQuorumMembers = quorumMembers
        quorumMembers = members
        self.ringID = ringID
        return []
    }

    /// `votequorum_sync_process`: what to multicast in votequorum's sync phase, before its
    /// barrier: NODEINFO about us, then NODEINFO about the quorum device (only after ours, so
    /// receivers always know the sender), then QDEVICE_REG(REGISTER) if a device name is known.
    /// Only the first call of a sync returns messages.
    public mutating func syncProcess() -> VoteQuorumSyncStep {
        var messages: [VoteQuorumMessage] = []
        if !syncNodeInfoSent {
            messages.append(.nodeInfo(nodeInfo(about: nodeID)))
            messages.append(.nodeInfo(nodeInfo(about: NodeID(0))))
            if !deviceName.isEmpty {
                messages.append(.qdeviceRegistration(QDeviceRegistration(operation: .register, name: deviceName)))
            }
            syncNodeInfoSent = true
        }
        return VoteQuorumSyncStep(messages: messages, done: true)
    }

    /// `votequorum_sync_activate`: sync completed; recalculates (quorum may not decrease) and
    /// always reports the quorum state.
    public mutating func syncActivate() -> [VoteQuorumEffect] {
        var effects: [VoteQuorumEffect] = []
        recalculateQuorum(allowDecrease: false, byCurrentNodes: false, effects: &effects)
        effects.append(.quorumChanged(state))
        syncInProgress = false
        return effects
    }
}
