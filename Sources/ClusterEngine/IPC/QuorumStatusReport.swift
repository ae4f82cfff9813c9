import ClusterIPC
import NodeCore
import Totem
import TotemRuntime
import TotemRuntime
import VoteQuorum

/// Builds the IPC view of the quorum (``QuorumStatusInfo``) from votequorum's state, the ring
/// and the configuration; member names come from the nodelist (`name`, and the ring0 address
/// for `quorumtool -i` or when a node has no name).
public enum QuorumStatusReport {
    /// The status a tool sees. `state` is votequorum's current state, nil when the provider is
    /// not votequorum: then the node is quorate (no provider blocks nothing, as corosync), the
    /// ring id and members are the ring's, and no votes are reported.
    public static func make(state: QuorumState?, ring: TotemRingStatus, configuration: TotemConfig) -> QuorumStatusInfo {
        make(state: state, nodeID: ring.nodeID, ringID: ring.ringID, members: ring.members, configuration: configuration)
    }

    /// The status a tool sees of a node's ``NodeStatus``: the last completed configuration
    /// (before the first, this node alone on ring 0) with its quorum state.
    public static func make(status: NodeStatus, nodeID: NodeID, configuration: TotemConfig) -> QuorumStatusInfo {
        make(
            state: status.quorum, nodeID: nodeID, ringID: status.ringID ?? RingID(rep: nodeID, seq: 0),
            members: status.members, configuration: configuration)
    }

    static func make(
        state: QuorumState?, nodeID: NodeID, ringID: RingID, members: [NodeID], configuration: TotemConfig
    ) -> QuorumStatusInfo {
        let nodes = Dictionary(configuration.nodes.map { ($0.nodeID, $0) }, uniquingKeysWith: { first, _ in first })
        func entry(_ id: NodeID, votes: MemberVotes?) -> QuorumMemberEntry {
            let node = nodes[id]
            let known = votes?.votes != nil
            return QuorumMemberEntry(
                nodeID: id.rawValue, known: known, votes: votes?.votes ?? 0, expectedVotes: votes?.expectedVotes ?? 0,
                state: votes?.state.map { UInt8($0.rawValue) } ?? 0, deviceFlags: votes?.deviceFlags.rawValue ?? 0,
                name: node?.name ?? "", address: node?.address.description ?? "")
        }
        let provider = configuration.quorum.provider ?? ""
        guard let state else {
            return QuorumStatusInfo(
                localNodeID: nodeID.rawValue, provider: provider, voteQuorum: false, quorate: true,
                ringRep: ringID.rep.rawValue, ringSeq: ringID.seq, expectedVotes: 0, highestExpected: 0,
                totalVotes: 0, quorum: 0, flags: 0, waitForAllPending: false, deviceVotes: 0, deviceName: "",
                members: members.map { entry($0, votes: nil) })
        }
        return QuorumStatusInfo(
            localNodeID: state.nodeID.rawValue, provider: provider, voteQuorum: true, quorate: state.quorate,
            ringRep: state.ringID.rep.rawValue, ringSeq: state.ringID.seq, expectedVotes: state.expectedVotes,
            highestExpected: state.highestExpected, totalVotes: state.totalVotes, quorum: state.quorum,
            flags: state.flags.rawValue, waitForAllPending: state.waitForAllPending, deviceVotes: state.deviceVotes,
            deviceName: state.deviceName, members: state.members.map { entry($0.nodeID, votes: $0) })
    }
}
