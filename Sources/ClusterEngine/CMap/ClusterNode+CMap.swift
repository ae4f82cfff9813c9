import CMap
import Synchronization
import VoteQuorum
import Totem

extension ClusterNode {
    /// The IPC service answering cmap calls from ``cmap``, with the stats map built from the
    /// ring's counters when read.
    var cmapService: CMapService {
        CMapService(map: cmap) { [weak self] in
            guard let self else { return [] }
            return NodeCMapKeys.stats(self.status)
        }
    }

    /// Updates `runtime.members.*` for a configuration change.
    func publishMembership(_ change: ConfigurationChange) {
        let changes = memberKeys.withLock { $0.changes(for: change) }
        cmap.update(changes)
    }

    /// Updates `runtime.members.<sender>.config_version` from a cmap sync message.
    func publishServiceMessage(_ message: DeliveredMessage) {
        guard message.groups.contains(GroupHeader.services) else { return }
        cmap.update(memberKeys.withLock { $0.changes(forServiceMessage: message.payload, from: message.sender) })
    }

    /// Updates `runtime.votequorum.*` from a new quorum state.
    func publishQuorum(_ state: QuorumState) {
        cmap.update(NodeCMapKeys.voteQuorum(state).map { ($0.key, $0.value) })
    }
}
