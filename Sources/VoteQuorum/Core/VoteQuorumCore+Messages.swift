import Totem

extension VoteQuorumCore {
    /// Decodes and processes one delivered votequorum message (service 5, header included).
    /// Malformed input becomes ``VoteQuorumEffect/dropped(_:)``.
    public mutating func receive(bytes: [UInt8], swapped: Bool, from sender: NodeID) -> [VoteQuorumEffect] {
        do {
            return receive(try VoteQuorumMessage.decode(bytes, swapped: swapped), from: sender)
        } catch {
            return [.dropped(.malformed(error))]
        }
    }

    /// Processes one votequorum message delivered by totem in agreed order, our own included.
    public mutating func receive(_ message: VoteQuorumMessage, from sender: NodeID) -> [VoteQuorumEffect] {
        var effects: [VoteQuorumEffect] = []
        switch message {
        case .nodeInfo(let info): handleNodeInfo(info, from: sender, effects: &effects)
        case .reconfigure(let request): handleReconfigure(request, from: sender, effects: &effects)
        case .qdeviceRegistration(let registration): handleDeviceRegistration(registration, from: sender)
        case .qdeviceRename(let rename):
            if rename.oldName == deviceName { deviceName = rename.newName }
        }
        return effects
    }

    /// `message_handler_req_exec_votequorum_nodeinfo`.
    mutating func handleNodeInfo(_ info: NodeInfo, from sender: NodeID, effects: inout [VoteQuorumEffect]) {
        if info.nodeID.rawValue == 0 {
            guard let senderRecord = record(sender) else {
                effects.append(.dropped(.deviceInfoFromUnknownSender(sender)))
                return
            }
            let oldVotes = deviceVotes
            if !clusterIsQuorate && senderRecord.flags.contains(.quorate) {
                deviceVotes = info.votes
            } else {
                deviceVotes = max(deviceVotes, info.votes)
            }
            if oldVotes != deviceVotes {
                recalculateQuorum(allowDecrease: false, byCurrentNodes: false, effects: &effects)
            }
            return
        }

        var isNew = false
        var position: Int
        if let existing = index(of: info.nodeID) {
            position = existing
        } else {
            position = allocate(info.nodeID)
            isNew = true
        }
        let old = nodes[position]
        let oldState: NodeState? = isNew ? .dead : old.state
        var allowDecrease = false
        var byCurrentNodes = false

        nodes[position].flags = info.flags
        nodes[position].votes = info.votes
        nodes[position].state = info.flags.contains(.leaving) ? .leaving : .member
        if info.flags.contains(.leaving) {
            allowDecrease = true
            byCurrentNodes = true
        }
        if !clusterIsQuorate && info.flags.contains(.quorate) {
            allowDecrease = true
            us.expectedVotes = info.expectedVotes
        }
        if info.flags.contains(.quorate) || expectedVotesTracking {
            nodes[position].expectedVotes = info.expectedVotes
        } else {
            nodes[position].expectedVotes = us.expectedVotes
        }
        if lastManStanding && info.votes > 1 {
            effects.append(.notice(.lastManStandingDisabled(node: info.nodeID, votes: info.votes)))
            lastManStanding = false
            lastManStandingDeadline = nil
        }

        let node = nodes[position]
        if isNew || info.nodeID == nodeID || node.flags.contains(.first) || old.votes != node.votes
            || old.expectedVotes != node.expectedVotes || old.flags != node.flags || oldState != node.state
        {
            recalculateQuorum(allowDecrease: allowDecrease, byCurrentNodes: byCurrentNodes, effects: &effects)
        }
        if waitForAll && !info.flags.contains(.waitForAllStatus) && info.flags.contains(.quorate) {
            setWaitForAllStatus(false)
        }
    }

    /// `message_handler_req_exec_votequorum_reconfigure`.
    mutating func handleReconfigure(_ request: Reconfigure, from sender: NodeID, effects: inout [VoteQuorumEffect]) {
        switch request.parameter {
        case .expectedVotes:
            setMembersExpectedVotes(request.value)
            effects.append(.expectedVotesChanged(us.expectedVotes))
            expectedVotesBarrier = request.value
            if expectedVotesTracking { us.expectedVotes = max(us.expectedVotes, trackingBarrier) }
            recalculateQuorum(allowDecrease: true, byCurrentNodes: false, effects: &effects)
        case .nodeVotes:
            if request.nodeID.rawValue == 0 {
                deviceVotes = request.value
            } else if let position = index(of: request.nodeID) {
                nodes[position].votes = request.value
            } else {
                return
            }
            recalculateQuorum(allowDecrease: true, byCurrentNodes: false, effects: &effects)
        case .cancelWaitForAll:
            setWaitForAllStatus(false)
            effects.append(.notice(.waitForAllCancelled(by: request.nodeID)))
            recalculateQuorum(allowDecrease: false, byCurrentNodes: false, effects: &effects)
        default:
            return
        }
    }

    /// `message_handler_req_exec_votequorum_qdevice_reg` for a node without a local device:
    /// REGISTER from another node records the name if none is known; our own REGISTER (sent
    /// back by sync) is ignored; UNREGISTER forgets the name unless a member still has a device.
    mutating func handleDeviceRegistration(_ registration: QDeviceRegistration, from sender: NodeID) {
        switch registration.operation {
        case .register:
            if sender != nodeID && deviceName.isEmpty { deviceName = registration.name }
        case .unregister:
            if !nodes.contains(where: { $0.isMember && $0.flags.contains(.qdeviceRegistered) }) {
                deviceName = ""
            }
        default:
            return
        }
    }
}
