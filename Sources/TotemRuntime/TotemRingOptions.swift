import Totem

/// Everything a ``TotemRing`` needs to run one node.
public struct TotemRingOptions: Sendable {
    /// This node.
    public var nodeID: NodeID
    /// Every node of the nodelist (this one included) with its totem address and port.
    public var peers: [NodeID: SocketAddress]
    /// Effective timers and constants.
    public var parameters: TotemParameters
    /// Where the `ringid_<nodeid>` file lives; nil keeps the ring seq in memory only (tests).
    public var stateDirectory: String?

    /// Creates options from explicit values.
    public init(nodeID: NodeID, peers: [NodeID: SocketAddress], parameters: TotemParameters, stateDirectory: String?) {
        self.nodeID = nodeID
        self.peers = peers
        self.parameters = parameters
        self.stateDirectory = stateDirectory
    }

    /// Creates options from a loaded corosync.conf.
    public init(config: TotemConfig, stateDirectory: String?) {
        var peers: [NodeID: SocketAddress] = [:]
        for node in config.nodes {
            if let address = SocketAddress(host: node.address.description, port: config.port) {
                peers[node.nodeID] = address
            }
        }
        self.init(nodeID: config.localNode.nodeID, peers: peers, parameters: config.parameters, stateDirectory: stateDirectory)
    }
}

/// What a ``TotemRing`` reports to its embedder, in order.
public enum TotemRingEvent: Hashable, Sendable {
    /// A configuration change (transitional, then regular).
    case configuration(ConfigurationChange)
    /// An application message, in the ring's total order.
    case delivered(DeliveredMessage)
    /// The ring stopped (after ``TotemRing/leave()`` or a fatal error, described here).
    case stopped(String?)
}

/// A snapshot of a running ring, for tools and metrics.
public struct TotemRingStatus: Hashable, Sendable {
    /// This node.
    public var nodeID: NodeID
    /// The membership state.
    public var state: MembershipState
    /// The current ring.
    public var ringID: RingID
    /// Members of the current regular configuration.
    public var members: [NodeID]
    /// SRP counters.
    public var stats: SRPStats
    /// Datagrams dropped because their source address is not in the nodelist.
    public var unlistedSourceDrops: UInt64
    /// Messages submitted but not yet multicast.
    public var unsentMessages: Int
    /// True while the loop runs.
    public var running: Bool

    /// Creates a snapshot.
    public init(
        nodeID: NodeID, state: MembershipState, ringID: RingID, members: [NodeID], stats: SRPStats,
        unlistedSourceDrops: UInt64, unsentMessages: Int, running: Bool
    ) {
        self.nodeID = nodeID
        self.state = state
        self.ringID = ringID
        self.members = members
        self.stats = stats
        self.unlistedSourceDrops = unlistedSourceDrops
        self.unsentMessages = unsentMessages
        self.running = running
    }
}
