/// Plans a runtime configuration reload (`cfgtool -R`, corosync's RELOAD_CONFIG): the running
/// configuration and the re-read one give either the changes to apply or an error naming what
/// may not change while the node runs. Pure: no I/O, no clock.
///
/// ```swift
/// let plan = try ConfigReload.plan(running: node.configuration, reloaded: try ConfigFile.load(path))
/// if plan.timersChanged { ring.setParameters(plan.configuration.parameters) }
/// ```
///
/// What may change, as on corosync 3.1.7: the totem timeouts and constants (`runtime.config.totem.*`
/// follows), `totem.config_version`, `quorum.expected_votes`, `quorum.votes`, a node's
/// `quorum_votes`, and the `logging` section. What may not (the reload fails and nothing is
/// applied): `totem.cluster_name`, `transport`, `crypto_*`/`secauth`, `version`, `ip_version`,
/// `netmtu`, the port, this node's id and address, and `quorum.provider`. Beyond corosync, this
/// engine also refuses (clearly, nothing applied) adding or removing nodes and changing the
/// quorum options (two_node, wait_for_all, last_man_standing, auto_tie_breaker, allow_downscale,
/// expected_votes_tracking, device): a restart applies those.
public enum ConfigReload {
    /// totem keys whose change makes the reload fail (compared as written in the file).
    public static let fixedTotemKeys = [
        "totem.cluster_name", "totem.transport", "totem.version", "totem.secauth", "totem.crypto_cipher",
        "totem.crypto_hash", "totem.crypto_model", "totem.ip_version", "totem.netmtu",
        "totem.interface.0.mcastport", "totem.interface.0.bindnetaddr", "totem.clear_node_high_bit",
    ]

    /// quorum keys this engine does not apply at runtime (compared as written in the file).
    public static let fixedQuorumKeys = [
        "quorum.provider", "quorum.two_node", "quorum.wait_for_all", "quorum.last_man_standing",
        "quorum.last_man_standing_window", "quorum.auto_tie_breaker", "quorum.auto_tie_breaker_node",
        "quorum.allow_downscale", "quorum.expected_votes_tracking", "quorum.device.model",
        "quorum.device.votes", "quorum.device.timeout", "quorum.device.sync_timeout", "quorum.device.master_wins",
    ]

    /// Compares `running` with `reloaded` (already parsed and validated).
    /// - Throws: ``ConfigReloadError/cannotChange(key:reason:)`` for the first change that may
    ///   not be applied at runtime.
    public static func plan(running: TotemConfig, reloaded: TotemConfig) throws(ConfigReloadError) -> ConfigReloadPlan {
        for key in fixedTotemKeys + fixedQuorumKeys {
            let before = running.source[key]?.value
            let after = reloaded.source[key]?.value
            if before != after {
                throw .cannotChange(key: key, reason: "\(show(before)) -> \(show(after)) cannot be changed at runtime")
            }
        }
        try checkNodelist(running: running, reloaded: reloaded)
        let changedKeys = changedKeys(running.source, reloaded.source)
        let runningVotes = running.nodes.map(\.quorumVotes)
        let reloadedVotes = reloaded.nodes.map(\.quorumVotes)
        return ConfigReloadPlan(
            configuration: reloaded,
            changedKeys: changedKeys,
            timersChanged: running.timers != reloaded.timers,
            quorumVotesChanged: running.quorum.expectedVotes != reloaded.quorum.expectedVotes
                || running.quorum.votes != reloaded.quorum.votes || runningVotes != reloadedVotes,
            loggingChanged: running.logging != reloaded.logging,
            configVersionChanged: running.source["totem.config_version"]?.value
                != reloaded.source["totem.config_version"]?.value)
    }

    /// Parses and validates `text` as the reloaded file (the local node is looked up by the
    /// running node's id, so it must still be in the nodelist), then plans as
    /// ``plan(running:reloaded:)``.
    /// - Throws: ``ConfigReloadError/invalid(_:)`` with the file/line error of a bad file.
    public static func plan(
        running: TotemConfig, text: String, file: String, resolver: some AddressResolver,
        localAddresses: some LocalAddressProvider
    ) throws(ConfigReloadError) -> ConfigReloadPlan {
        let reloaded: TotemConfig
        do throws(ConfigError) {
            reloaded = try TotemConfig.load(
                text, file: file, resolver: resolver, localAddresses: localAddresses, nodeID: running.localNode.nodeID)
        } catch {
            throw .invalid(error)
        }
        return try plan(running: running, reloaded: reloaded)
    }

    private static func checkNodelist(running: TotemConfig, reloaded: TotemConfig) throws(ConfigReloadError) {
        let local = running.localNode
        let localNow = reloaded.localNode
        if local.nodeID != localNow.nodeID || local.address != localNow.address {
            throw .cannotChange(
                key: "nodelist.node.\(localNow.position)",
                reason: "this node's id and address (\(local.nodeID) \(local.address) -> \(localNow.nodeID) "
                    + "\(localNow.address)) cannot be changed at runtime")
        }
        let before = running.nodes.map { "\($0.nodeID)@\($0.address)" }
        let after = reloaded.nodes.map { "\($0.nodeID)@\($0.address)" }
        if Set(before) != Set(after) {
            let added = after.filter { !before.contains($0) }
            let removed = before.filter { !after.contains($0) }
            throw .cannotChange(
                key: "nodelist",
                reason: "adding or removing nodes (added: \(list(added)), removed: \(list(removed))) "
                    + "is not applied at runtime by this engine; restart the nodes to change the nodelist")
        }
    }

    /// Keys added, removed or modified between two parsed files, sorted.
    static func changedKeys(_ old: ParsedConfig, _ new: ParsedConfig) -> [String] {
        let keys = Set(old.entries.keys).union(new.entries.keys)
        return keys.filter { old[$0]?.value != new[$0]?.value }.sorted()
    }

    private static func show(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "(unset)" }
    private static func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: " ") }
}
