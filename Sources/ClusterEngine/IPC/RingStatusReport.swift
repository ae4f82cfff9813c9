import ClusterIPC
import Totem
import TotemRuntime

/// Builds the IPC view of a ring (``RingStatusInfo``) from the ring's snapshot and the
/// configuration: nodelist names and addresses, connection = membership of the current ring,
/// the SRP counters under corosync's `stats.srp.*` keys.
public enum RingStatusReport {
    /// The status a tool sees for `status` of a node configured by `configuration`.
    public static func make(status: TotemRingStatus, configuration: TotemConfig) -> RingStatusInfo {
        let members = Set(status.members)
        let nodes = configuration.nodes.sorted { $0.nodeID < $1.nodeID }.map { node in
            NodeStatusEntry(
                nodeID: node.nodeID.rawValue, name: node.name ?? "", address: node.address.description,
                connected: status.running && members.contains(node.nodeID))
        }
        return RingStatusInfo(
            localNodeID: status.nodeID.rawValue, transport: "udpu", state: state(status.state), running: status.running,
            ringRep: status.ringID.rep.rawValue, ringSeq: status.ringID.seq,
            linkMTU: UInt32(clamping: configuration.parameters.packetBudget),
            members: status.members.map(\.rawValue).sorted(), nodes: nodes, statistics: statistics(status))
    }

    static func state(_ state: MembershipState) -> RingMembershipState {
        switch state {
        case .operational: return .operational
        case .gather: return .gather
        case .commit: return .commit
        case .recovery: return .recovery
        }
    }

    static func statistics(_ status: TotemRingStatus) -> [IPCStatistic] {
        let stats = status.stats
        let counters: [(String, UInt64)] = [
            ("orf_token_tx", stats.orfTokenTx), ("orf_token_rx", stats.orfTokenRx),
            ("memb_merge_detect_tx", stats.membMergeDetectTx), ("memb_merge_detect_rx", stats.membMergeDetectRx),
            ("memb_join_tx", stats.membJoinTx), ("memb_join_rx", stats.membJoinRx),
            ("mcast_tx", stats.mcastTx), ("mcast_retx", stats.mcastRetx), ("mcast_rx", stats.mcastRx),
            ("memb_commit_token_tx", stats.membCommitTokenTx), ("memb_commit_token_rx", stats.membCommitTokenRx),
            ("token_hold_cancel_tx", stats.tokenHoldCancelTx), ("token_hold_cancel_rx", stats.tokenHoldCancelRx),
            ("operational_entered", stats.operationalEntered), ("operational_token_lost", stats.operationalTokenLost),
            ("gather_entered", stats.gatherEntered), ("gather_token_lost", stats.gatherTokenLost),
            ("commit_entered", stats.commitEntered), ("commit_token_lost", stats.commitTokenLost),
            ("recovery_entered", stats.recoveryEntered), ("recovery_token_lost", stats.recoveryTokenLost),
            ("consensus_timeouts", stats.consensusTimeouts), ("rx_msg_dropped", stats.rxMsgDropped),
        ]
        var result = counters.map { IPCStatistic(key: "stats.srp." + $0.0, value: .uint64($0.1)) }
        result.append(IPCStatistic(key: "stats.srp.peer_unreachable", value: .uint64(stats.peerUnreachable)))
        result.append(IPCStatistic(key: "stats.srp.token_retransmits", value: .uint64(stats.tokenRetransmits)))
        result.append(IPCStatistic(key: "stats.srp.unlisted_source_drops", value: .uint64(status.unlistedSourceDrops)))
        result.append(IPCStatistic(key: "stats.srp.pending_messages", value: .uint64(UInt64(max(0, status.unsentMessages)))))
        return result
    }
}
