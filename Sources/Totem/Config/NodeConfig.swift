/// One `nodelist { node { ... } }` entry, resolved.
public struct NodeConfig: Hashable, Sendable {
    /// Position in the nodelist (`nodelist.node.<position>`).
    public var position: Int
    /// The node id: given by `nodeid`, or generated from the IPv4 `ring0_addr` as corosync does
    /// for udpu.
    public var nodeID: NodeID
    /// True when ``nodeID`` was generated from the address.
    public var nodeIDGenerated: Bool
    /// The `name` key, if any.
    public var name: String?
    /// `ring0_addr` as written (an address or a host name).
    public var ring0: String
    /// `ring0_addr` resolved to the address the ring uses.
    public var address: IPAddress
    /// `quorum_votes` (default 1).
    public var quorumVotes: UInt32

    /// Makes a node entry.
    public init(
        position: Int, nodeID: NodeID, nodeIDGenerated: Bool = false, name: String? = nil,
        ring0: String, address: IPAddress, quorumVotes: UInt32 = 1
    ) {
        self.position = position
        self.nodeID = nodeID
        self.nodeIDGenerated = nodeIDGenerated
        self.name = name
        self.ring0 = ring0
        self.address = address
        self.quorumVotes = quorumVotes
    }
}
