/// A validated corosync.conf: the `totem`, `nodelist`, `quorum` and `logging` sections with
/// corosync 3.1.7's defaults and derived timers, ready to run one totem core.
///
/// ```swift
/// let config = try TotemConfig.load(text, file: "corosync.conf",
///                                   resolver: SystemResolver(), localAddresses: SystemLocalAddresses())
/// var core = TotemCore(parameters: config.parameters, ...)
/// ```
///
/// Only what this engine runs is accepted: transport `udpu`, no encryption, `version: 2`.
/// Everything corosync refuses is refused too, with the same checks; see ``ConfigError``. Two
/// things corosync 3.1.7 accepts are refused because the ring cannot run with them: two nodes
/// with one address, and a `netmtu` whose packets cannot hold their headers or fit a frame.
public struct TotemConfig: Hashable, Sendable {
    /// The parsed file (all keys, with lines), including sections this model does not use.
    public var source: ParsedConfig
    /// `totem.cluster_name`.
    public var clusterName: String?
    /// `totem.config_version` (default 0).
    public var configVersion: UInt64
    /// `totem.ip_version` (default ipv6-4).
    public var ipVersion: IPVersion
    /// `totem.netmtu` (default 1500).
    public var netMTU: Int
    /// `totem.interface.0.mcastport` (default 5405).
    public var port: UInt16
    /// The nodes of the nodelist, in order.
    public var nodes: [NodeConfig]
    /// Index of this machine's node in ``nodes``.
    public var localNodeIndex: Int
    /// The derived `runtime.config.totem.*` values.
    public var timers: TotemTimers
    /// The `quorum` section.
    public var quorum: QuorumConfig
    /// The `logging` section.
    public var logging: LoggingConfig

    /// This machine's node.
    public var localNode: NodeConfig { nodes[localNodeIndex] }

    /// The effective totem parameters the protocol core runs with.
    public var parameters: TotemParameters { timers.parameters(netMTU: netMTU) }

    /// Parses and validates corosync.conf text.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name errors mention (path or base name, as the user gave it).
    ///   - resolver: turns host names in `ring0_addr`/`name` into addresses.
    ///   - localAddresses: this machine's name and addresses, to find the local node.
    ///   - nodeID: the local node's id, overriding the search (`--nodeid`).
    public static func load(
        _ text: String, file: String, resolver: some AddressResolver,
        localAddresses: some LocalAddressProvider, nodeID: NodeID? = nil
    ) throws(ConfigError) -> TotemConfig {
        try load(
            bytes: Array(text.utf8), file: file, resolver: resolver, localAddresses: localAddresses, nodeID: nodeID)
    }

    /// Parses and validates the bytes of a corosync.conf (which need not be UTF-8, and are read
    /// as corosync reads them); see ``load(_:file:resolver:localAddresses:nodeID:)``. `uidgid`
    /// users and groups are looked up on `localAddresses`.
    public static func load(
        bytes: [UInt8], file: String, resolver: some AddressResolver,
        localAddresses: some LocalAddressProvider, nodeID: NodeID? = nil
    ) throws(ConfigError) -> TotemConfig {
        let parsed = try ConfigParser.parse(bytes: bytes, file: file, machine: localAddresses)
        return try TotemConfig(parsed, resolver: resolver, localAddresses: localAddresses, nodeID: nodeID)
    }

    /// Validates an already parsed file; see ``load(_:file:resolver:localAddresses:nodeID:)``.
    public init(
        _ parsed: ParsedConfig, resolver: some AddressResolver, localAddresses: some LocalAddressProvider,
        nodeID: NodeID? = nil
    ) throws(ConfigError) {
        let reader = ConfigReader(config: parsed)
        source = parsed
        logging = try LoggingConfig(reader)
        try TotemConfig.checkSupported(reader)
        // corosync refuses an unknown ip_version in the totem section as it reads it; one it did
        // not check (a top-level `totem.ip_version:` line) means the default.
        ipVersion = reader.string("totem.ip_version").flatMap(IPVersion.init(rawValue:)) ?? .ipv6Then4
        clusterName = reader.string("totem.cluster_name")
        configVersion = reader.u64("totem.config_version") ?? 0
        netMTU = try TotemConfig.checkNetMTU(reader)
        port = try TotemConfig.checkInterfaces(reader, ipVersion: ipVersion, resolver: resolver)
        nodes = try Nodelist.build(reader, ipVersion: ipVersion, resolver: resolver)
        localNodeIndex = try LocalNode.find(
            in: nodes, nodeID: nodeID, local: localAddresses, resolver: resolver, reader: reader)
        timers = try TotemTimers.derive(from: parsed, memberCount: nodes.count)
        quorum = QuorumConfig(reader)
    }
}
