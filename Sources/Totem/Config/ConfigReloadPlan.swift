/// The outcome of ``ConfigReload/plan(running:text:file:resolver:localAddresses:)``: the configuration to run from now on
/// and what differs from the running one.
public struct ConfigReloadPlan: Hashable, Sendable {
    /// The reloaded configuration (to keep as the node's configuration once applied).
    public var configuration: TotemConfig
    /// The keys of the file added, removed or modified, sorted (for the log and cmap).
    public var changedKeys: [String]
    /// Read-only keys the file changed, whose running value was kept (``ConfigReload/readOnlyKeys``).
    public var keptKeys: [String]
    /// Nodes of the reloaded nodelist whose id the running one lacks, in file order.
    public var addedNodes: [NodeConfig]
    /// Nodes of the running nodelist whose id the reloaded one lacks, in file order.
    public var removedNodes: [NodeConfig]
    /// The effective totem timers or constants changed (the token follows the node count): the
    /// ring must run with `configuration.parameters`, and `runtime.config.totem.*` follows.
    public var timersChanged: Bool
    /// `quorum.expected_votes`, `quorum.votes` or a node's `quorum_votes` changed.
    public var quorumVotesChanged: Bool
    /// The `logging` section changed.
    public var loggingChanged: Bool
    /// `totem.config_version` changed.
    public var configVersionChanged: Bool

    /// Nodes were added to or removed from the nodelist.
    public var nodelistChanged: Bool { !addedNodes.isEmpty || !removedNodes.isEmpty }

    /// Nothing in the file changed.
    public var isEmpty: Bool { changedKeys.isEmpty }
}

/// Why a reload is refused; nothing of it is applied.
public enum ConfigReloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file cannot be read, parsed or validated (the error names file and line).
    case invalid(ConfigError)
    /// `key` changed, and it may not change while the node runs.
    case cannotChange(key: String, reason: String)

    /// For the log: corosync's `Unable to reload config file: ...` follows with this text.
    public var description: String {
        switch self {
        case .invalid(let error): "\(error)"
        case .cannotChange(let key, let reason): "\(key): \(reason)"
        }
    }
}
