import CMap
import Totem
import VoteQuorum

/// The `runtime.*` cmap keys the node core derives, named and typed as corosync 3.1.7 names
/// and types them.
public enum RuntimeCMapKeys {
    /// `runtime.votequorum.*` from votequorum's state: `this_node_id`, `two_node`,
    /// `wait_for_all_status`, `ev_barrier`, and once quorate `lowest_node_id` /
    /// `highest_node_id` over the members.
    public static func voteQuorum(_ state: QuorumState) -> [(key: String, value: CMapValue)] {
        var result: [(key: String, value: CMapValue)] = [
            ("runtime.votequorum.ev_barrier", .uint32(state.expectedVotes)),
            ("runtime.votequorum.this_node_id", .uint32(state.nodeID.rawValue)),
            ("runtime.votequorum.two_node", .uint8(state.flags.contains(.twoNode) ? 1 : 0)),
            ("runtime.votequorum.wait_for_all_status", .uint8(state.waitForAllPending ? 1 : 0)),
        ]
        let members = state.members.filter { $0.state == .member }.map(\.nodeID.rawValue)
        if state.quorate, let lowest = members.min(), let highest = members.max() {
            result.append(("runtime.votequorum.lowest_node_id", .uint32(lowest)))
            result.append(("runtime.votequorum.highest_node_id", .uint32(highest)))
        }
        return result
    }
}
