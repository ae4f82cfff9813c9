/// One nodelist node as the daemon reports it.
///
/// Encoding: `u32 nodeid | string name | string address | bool connected`.
public struct NodeStatusEntry: Hashable, Sendable {
    /// The node id.
    public var nodeID: UInt32
    /// The nodelist `name` (empty when none).
    public var name: String
    /// The ring0 address the ring uses (numeric).
    public var address: String
    /// True when the node is a member of the current regular configuration.
    public var connected: Bool

    /// Creates an entry.
    public init(nodeID: UInt32, name: String, address: String, connected: Bool) {
        self.nodeID = nodeID
        self.name = name
        self.address = address
        self.connected = connected
    }

    /// The smallest encoding (empty strings).
    static let minimumSize = 4 + 4 + 4 + 1

    func encode(_ writer: inout IPCWriter) {
        writer.u32(nodeID)
        writer.string(name)
        writer.string(address)
        writer.bool(connected)
    }

    static func decode(_ reader: inout IPCReader) throws(IPCError) -> NodeStatusEntry {
        NodeStatusEntry(
            nodeID: try reader.u32("node.nodeid"), name: try reader.string("node.name"),
            address: try reader.string("node.address"), connected: try reader.bool("node.connected"))
    }
}
