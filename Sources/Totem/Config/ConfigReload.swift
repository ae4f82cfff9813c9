/// Plans a runtime configuration reload (`cfgtool -R`, corosync's RELOAD_CONFIG): the running
/// configuration and the re-read one give either the changes to apply or an error naming what
/// may not change while the node runs. Pure: no I/O, no clock.
///
/// ```swift
/// let plan = try ConfigReload.plan(running: node.configuration, text: try ConfigFile.read(path), file: path,
///                                  resolver: SystemResolver(), localAddresses: SystemLocalAddresses())
/// if plan.timersChanged { ring.setParameters(plan.configuration.parameters) }
/// ```
///
/// What changes, as on corosync 3.1.7 (checked on a stock node): the totem timeouts and constants
/// (`runtime.config.totem.*` follows), `totem.config_version`, `quorum.expected_votes`,
/// `quorum.votes`, a node's `quorum_votes`, `quorum.two_node` (votequorum re-reads it: quorum
/// follows once this node's NODEINFO is delivered, and so does wait_for_all if it was not
/// written at start-up), the `logging` section, and any other key of cmap. The read-only keys
/// (``readOnlyKeys``: `totem.cluster_name`, `transport`, `ip_version`, `netmtu`, ...) keep
/// their running value and are listed in ``ConfigReloadPlan/keptKeys`` (corosync logs
/// `Modified entry '<key>' in corosync.conf cannot be changed at run-time` and reloads the
/// rest). votequorum's start-up options (`quorum.wait_for_all`, `last_man_standing[_window]`,
/// `auto_tie_breaker[_node]`, `allow_downscale`, `expected_votes_tracking`) are reloaded into
/// the configuration (cmap shows the file's values, as a stock 3.1.7 node does, without a log
/// line) but votequorum keeps running with the values it started with. A node whose address
/// changes makes the reload fail, nothing applied (as corosync: `new config has different
/// address for link 0`), and so does a nodelist without this node (an invalid file: its id is
/// not found). Nodes added to or removed from the nodelist are applied
/// (``ConfigReloadPlan/addedNodes``, ``ConfigReloadPlan/removedNodes``): the ring opens or
/// closes their sockets, and the derived token timeout follows the new node count
/// (token_coefficient), as on corosync.
///
/// Deviation from corosync: a change of the `quorum.device` keys (``fixedQuorumKeys``) is
/// refused, nothing applied (``ConfigReloadError/cannotChange(key:reason:)``), where corosync
/// takes them into cmap for a quorum device daemon: this engine has no quorum device support
/// worth reloading; a restart applies those.
public enum ConfigReload {
    /// Keys a reload never changes: their running value is kept (corosync's read-only entries).
    public static let readOnlyKeys = [
        "totem.cluster_name", "totem.transport", "totem.version", "totem.secauth", "totem.crypto_cipher",
        "totem.crypto_hash", "totem.crypto_model", "totem.ip_version", "totem.netmtu",
        "totem.interface.0.mcastport", "totem.interface.0.bindnetaddr", "totem.clear_node_high_bit",
        "quorum.provider",
    ]

    /// The quorum device keys, whose change this engine refuses (compared as written in the
    /// file): a deviation, corosync takes them into cmap.
    public static let fixedQuorumKeys = [
        "quorum.device.model", "quorum.device.votes", "quorum.device.timeout", "quorum.device.sync_timeout",
        "quorum.device.master_wins",
    ]

    /// Compares `running` with `reloaded` (validated, read-only keys already put back).
    static func compare(
        running: TotemConfig, reloaded: TotemConfig, kept: [String]
    ) throws(ConfigReloadError) -> ConfigReloadPlan {
        for key in fixedQuorumKeys {
            let before = running.source[key]?.value
            let after = reloaded.source[key]?.value
            if before != after {
                throw .cannotChange(key: key, reason: "\(show(before)) -> \(show(after)) cannot be changed at runtime")
            }
        }
        try checkNodelist(running: running, reloaded: reloaded)
        let runningIDs = Set(running.nodes.map(\.nodeID))
        let reloadedIDs = Set(reloaded.nodes.map(\.nodeID))
        let changedKeys = changedKeys(running.source, reloaded.source)
        let runningVotes = running.nodes.map(\.quorumVotes)
        let reloadedVotes = reloaded.nodes.map(\.quorumVotes)
        return ConfigReloadPlan(
            configuration: reloaded,
            changedKeys: changedKeys,
            keptKeys: kept,
            addedNodes: reloaded.nodes.filter { !runningIDs.contains($0.nodeID) },
            removedNodes: running.nodes.filter { !reloadedIDs.contains($0.nodeID) },
            timersChanged: running.timers != reloaded.timers,
            quorumVotesChanged: running.quorum.expectedVotes != reloaded.quorum.expectedVotes
                || running.quorum.votes != reloaded.quorum.votes || runningVotes != reloadedVotes,
            loggingChanged: running.logging != reloaded.logging,
            configVersionChanged: running.source["totem.config_version"]?.value
                != reloaded.source["totem.config_version"]?.value)
    }

    /// Parses `text` as the reloaded file, puts the running values of the ``readOnlyKeys``
    /// back, validates it completely (the local node is looked up by the running node's id, so
    /// it must still be in the nodelist) and compares it with `running`.
    /// - Throws: ``ConfigReloadError/invalid(_:)`` with the file/line error of a bad file,
    ///   ``ConfigReloadError/cannotChange(key:reason:)`` for a change not applied at runtime.
    public static func plan(
        running: TotemConfig, text: String, file: String, resolver: some AddressResolver,
        localAddresses: some LocalAddressProvider
    ) throws(ConfigReloadError) -> ConfigReloadPlan {
        try plan(
            running: running, bytes: Array(text.utf8), file: file, resolver: resolver, localAddresses: localAddresses)
    }

    /// ``plan(running:text:file:resolver:localAddresses:)`` for the bytes of the file, read as
    /// corosync reads them.
    public static func plan(
        running: TotemConfig, bytes: [UInt8], file: String, resolver: some AddressResolver,
        localAddresses: some LocalAddressProvider
    ) throws(ConfigReloadError) -> ConfigReloadPlan {
        let reloaded: TotemConfig
        var kept: [String] = []
        do throws(ConfigError) {
            var parsed = try ConfigParser.parse(bytes: bytes, file: file, machine: localAddresses)
            for key in readOnlyKeys where parsed[key]?.value != running.source[key]?.value {
                kept.append(key)
                parsed.copy(key, from: running.source)
            }
            reloaded = try TotemConfig(
                parsed, resolver: resolver, localAddresses: localAddresses, nodeID: running.localNode.nodeID)
        } catch {
            throw .invalid(error)
        }
        return try compare(running: running, reloaded: reloaded, kept: kept)
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
        for node in reloaded.nodes {
            guard let old = running.nodes.first(where: { $0.nodeID == node.nodeID }), old.address != node.address
            else { continue }
            throw .cannotChange(
                key: "nodelist.node.\(node.position).ring0_addr",
                reason: "new config has a different address for node \(node.nodeID) "
                    + "(\(old.address) -> \(node.address)); "
                    + "an address cannot be changed at runtime (as on corosync)")
        }
    }

    /// Keys added, removed or modified between two parsed files, sorted.
    static func changedKeys(_ old: ParsedConfig, _ new: ParsedConfig) -> [String] {
        let keys = Set(old.entries.keys).union(new.entries.keys)
        return keys.filter { old[$0]?.value != new[$0]?.value }.sorted()
    }

    private static func show(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "(unset)" }
}
