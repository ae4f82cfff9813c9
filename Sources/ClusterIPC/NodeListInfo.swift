/// The reply to ``IPCKind/nodeList``: the nodelist with addresses and connection state, what
/// `cfgtool -n` prints.
///
/// Encoding: `u32 local nodeid | string transport | u32 link mtu | u32 count, node...`.
public struct NodeListInfo: Hashable, Sendable {
    /// This node's id.
    public var localNodeID: UInt32
    /// `totem.transport`.
    public var transport: String
    /// The packet payload budget reported as the link's MTU.
    public var linkMTU: UInt32
    /// Every nodelist node, ascending by node id.
    public var nodes: [NodeStatusEntry]

    /// Creates a node list.
    public init(localNodeID: UInt32, transport: String, linkMTU: UInt32, nodes: [NodeStatusEntry]) {
        self.localNodeID = localNodeID
        self.transport = transport
        self.linkMTU = linkMTU
        self.nodes = nodes
    }

    /// Encodes the body.
    public func encode(_ writer: inout IPCWriter) {
        writer.u32(localNodeID)
        writer.string(transport)
        writer.u32(linkMTU)
        writer.array(nodes) { $1.encode(&$0) }
    }

    /// Decodes the body (the caller checks that nothing is left).
    public static func decode(_ reader: inout IPCReader) throws(IPCError) -> NodeListInfo {
        NodeListInfo(
            localNodeID: try reader.u32("localNodeID"), transport: try reader.string("transport"),
            linkMTU: try reader.u32("linkMTU"),
            nodes: try reader.array("nodes", minimumElementSize: NodeStatusEntry.minimumSize, NodeStatusEntry.decode))
    }
}
