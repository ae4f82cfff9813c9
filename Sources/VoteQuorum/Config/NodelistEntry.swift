import Totem

/// One `nodelist.node` entry as votequorum sees it: the node id and its `quorum_votes`.
public struct NodelistEntry: Hashable, Sendable {
    /// `nodelist.node.N.nodeid`.
    public var nodeID: NodeID
    /// `nodelist.node.N.quorum_votes`; `nil` means the default of 1.
    public var quorumVotes: UInt32?

    /// Creates an entry.
    public init(nodeID: NodeID, quorumVotes: UInt32? = nil) {
        self.nodeID = nodeID
        self.quorumVotes = quorumVotes
    }
}
