import Totem

/// votequorum NODEINFO (id 0x00050000, 32 bytes): one node's votes, expected votes and flags.
///
/// ```
/// +0  service header (16)
/// +16 u32 nodeid          node described (0 = the quorum device); not necessarily the sender
/// +20 u32 votes
/// +24 u32 expected_votes
/// +28 u32 flags           NodeInfoFlags
/// ```
public struct NodeInfo: Hashable, Sendable {
    /// The function id within the votequorum service.
    public static let function: UInt16 = 0
    /// Encoded size in bytes.
    public static let size = 32

    /// The node described (0 = the quorum device).
    public var nodeID: NodeID
    /// Its votes.
    public var votes: UInt32
    /// Its expected votes.
    public var expectedVotes: UInt32
    /// Its flags.
    public var flags: NodeInfoFlags

    /// Creates a NODEINFO body.
    public init(nodeID: NodeID, votes: UInt32, expectedVotes: UInt32, flags: NodeInfoFlags) {
        self.nodeID = nodeID
        self.votes = votes
        self.expectedVotes = expectedVotes
        self.flags = flags
    }

    /// Reads the body that follows the service header.
    static func decodeBody(_ reader: inout WireReader) throws(WireError) -> NodeInfo {
        let nodeID = NodeID(try reader.u32())
        let votes = try reader.u32()
        let expected = try reader.u32()
        let flags = NodeInfoFlags(rawValue: try reader.u32())
        return NodeInfo(nodeID: nodeID, votes: votes, expectedVotes: expected, flags: flags)
    }

    /// Appends the body.
    func encodeBody(into writer: inout WireWriter) {
        writer.u32(nodeID.rawValue)
        writer.u32(votes)
        writer.u32(expectedVotes)
        writer.u32(flags.rawValue)
    }
}
