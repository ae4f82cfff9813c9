import CMap
import Glibc
import NodeCore
import Totem
import TotemRuntime
import VoteQuorum

/// The keys a node publishes in its cmap, named and typed as corosync 3.1.7 names and types
/// them (Docs/ServicesWire.md §9.5–9.7).
public enum NodeCMapKeys {
    /// The configuration as corosync stores it: every `totem.*`, `nodelist.*`, `quorum.*`,
    /// `logging.*` and other key of the file with its cmap type (unknown sections as strings),
    /// `totem.interface.0.bindnetaddr` and `nodelist.local_node_pos` as corosync adds them,
    /// `uidgid { uid: U gid: G }` as `uidgid.config.uid.<uid>` / `uidgid.config.gid.<gid>` =
    /// u8 1 (names resolved to numbers), and `runtime.config.totem.*` with the effective
    /// timeouts.
    public static func configuration(_ config: TotemConfig) -> [(key: String, value: CMapValue)] {
        var result: [(key: String, value: CMapValue)] = []
        let prefixes = Set(
            config.source.entries.keys.compactMap { $0.split(separator: ".").first.map { String($0) + "." } }
        )
        .subtracting(["uidgid."]).sorted()
        for entry in ConfigCMapEntries.configEntries(config, prefixes: prefixes) {
            if let value = CMapValue(entry.type, text: entry.value) { result.append((entry.key, value)) }
        }
        for entry in ConfigCMapEntries.runtimeEntries(config.timers) {
            if let value = CMapValue(entry.type, text: entry.value) { result.append((entry.key, value)) }
        }
        for key in config.source.entries.keys.sorted() where key.hasPrefix("uidgid.") {
            let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3, let id = resolve(parts[2], user: parts[1] == "uid") else { continue }
            result.append(("uidgid.config.\(parts[1]).\(id)", .uint8(1)))
        }
        return result
    }

    /// A uid or gid from a number or a user/group name; nil when unknown.
    static func resolve(_ text: String, user: Bool) -> UInt32? {
        if let number = UInt32(text) { return number }
        if user { return getpwnam(text).map { $0.pointee.pw_uid } }
        return getgrnam(text).map { $0.pointee.gr_gid }
    }

    /// `runtime.votequorum.*` from votequorum's state (see ``RuntimeCMapKeys/voteQuorum(_:)``).
    public static func voteQuorum(_ state: QuorumState) -> [(key: String, value: CMapValue)] {
        RuntimeCMapKeys.voteQuorum(state)
    }

    /// The stats map (`cmapctl -m stats`): the `stats.srp.*` u64 counters the SRP core keeps,
    /// with corosync's names and types (the u32 averages and `time_since_token_last_received`
    /// are not kept, so not published).
    public static func stats(_ status: TotemRingStatus) -> [(key: String, value: CMapValue)] {
        let stats = status.stats
        let counters: [(String, UInt64)] = [
            ("commit_entered", stats.commitEntered), ("commit_token_lost", stats.commitTokenLost),
            ("consensus_timeouts", stats.consensusTimeouts), ("gather_entered", stats.gatherEntered),
            ("gather_token_lost", stats.gatherTokenLost), ("mcast_retx", stats.mcastRetx),
            ("mcast_rx", stats.mcastRx), ("mcast_tx", stats.mcastTx),
            ("memb_commit_token_rx", stats.membCommitTokenRx), ("memb_commit_token_tx", stats.membCommitTokenTx),
            ("memb_join_rx", stats.membJoinRx), ("memb_join_tx", stats.membJoinTx),
            ("memb_merge_detect_rx", stats.membMergeDetectRx), ("memb_merge_detect_tx", stats.membMergeDetectTx),
            ("operational_entered", stats.operationalEntered), ("operational_token_lost", stats.operationalTokenLost),
            ("orf_token_rx", stats.orfTokenRx), ("orf_token_tx", stats.orfTokenTx),
            ("recovery_entered", stats.recoveryEntered), ("recovery_token_lost", stats.recoveryTokenLost),
            ("rx_msg_dropped", stats.rxMsgDropped), ("token_hold_cancel_rx", stats.tokenHoldCancelRx),
            ("token_hold_cancel_tx", stats.tokenHoldCancelTx),
        ]
        return counters.map { (key: "stats.srp." + $0.0, value: CMapValue.uint64($0.1)) }
    }

    /// The stats map's IPC keys: `stats.ipcs.global.active` (clients connected now) and
    /// `stats.ipcs.global.closed` (clients gone since start), both u64 as corosync's. The
    /// per-connection `stats.ipcs.service<id>.<pid>.<pointer>.*` keys are not published.
    public static func ipcStats(_ counts: IPCConnectionCounts.Snapshot) -> [(key: String, value: CMapValue)] {
        [("stats.ipcs.global.active", .uint64(counts.active)), ("stats.ipcs.global.closed", .uint64(counts.closed))]
    }
}
