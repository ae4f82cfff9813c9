import CMap
import Logging
import Synchronization
import VoteQuorum
import Totem

extension ClusterNode {
    /// The IPC service answering cmap calls from ``cmap``, with the stats map built from the
    /// ring's counters when read.
    var cmapService: CMapService {
        CMapService(map: cmap) { [weak self] in
            guard let self else { return [] }
            return NodeCMapKeys.stats(self.status) + NodeCMapKeys.ipcStats(self.ipcConnections.snapshot)
        }
    }

    /// Updates `runtime.members.*` for a configuration change.
    func publishMembership(_ change: ConfigurationChange) {
        let changes = memberKeys.withLock { $0.changes(for: change) }
        cmap.update(changes)
    }

    /// Counts a delivered service message in `runtime.services.<name>.<fn>.rx` and updates
    /// `runtime.members.<sender>.config_version` from a cmap sync message.
    func publishServiceMessage(_ message: DeliveredMessage) {
        guard message.groups.contains(GroupHeader.services) else { return }
        countExec(message.payload, .received)
        cmap.update(memberKeys.withLock { $0.changes(forServiceMessage: message.payload, from: message.sender) })
    }

    /// Adds one to the counter of a service message this node sent or was delivered (nothing for
    /// a service it does not run or an unknown function, as corosync's `deliver_fn`).
    func countExec(_ payload: [UInt8], _ direction: ExecServiceCounters.Direction) {
        guard let key = execCounters.key(for: payload, direction) else { return }
        do throws(CMapError) {
            try cmap.increment(key)
        } catch {
            logger.warning("service message counter not updated", metadata: ["cmap.key": "\(key)", "cmap.error": "\(error)"])
        }
    }

    /// Updates `runtime.votequorum.*` from a new quorum state.
    func publishVoteQuorumKeys(_ state: QuorumState) {
        cmap.update(NodeCMapKeys.voteQuorum(state).map { ($0.key, $0.value) })
    }

    /// corosync's way to cancel wait_for_all at runtime (what `pcs quorum unblock` does):
    /// setting `quorum.cancel_wait_for_all` to a non-zero value multicasts the cancellation
    /// and puts the key back to 0.
    func watchCancelWaitForAllKey() {
        let key = "quorum.cancel_wait_for_all"
        _ = cmap.track(key, events: [.add, .modify]) { [weak self] notification in
            guard let self, let value = notification.newValue, Self.isNonZeroInteger(value) else { return }
            try? self.cmap.set(key, .uint8(0))
            Task {
                do throws(QuorumRequestError) {
                    try await self.cancelWaitForAll()
                } catch {
                    self.logger.warning("\(key) set, but wait_for_all could not be cancelled: \(error)")
                }
            }
        }
    }

    static func isNonZeroInteger(_ value: CMapValue) -> Bool {
        switch value {
        case .int8(let v): v != 0
        case .uint8(let v): v != 0
        case .int16(let v): v != 0
        case .uint16(let v): v != 0
        case .int32(let v): v != 0
        case .uint32(let v): v != 0
        case .int64(let v): v != 0
        case .uint64(let v): v != 0
        default: false
        }
    }
}
