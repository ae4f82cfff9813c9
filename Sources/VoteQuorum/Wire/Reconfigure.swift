import Totem

/// votequorum RECONFIGURE (id 0x00050001, 32 bytes): a cluster-wide change of expected votes,
/// of one node's votes, or a cancellation of wait_for_all.
///
/// ```
/// +0  service header (16)
/// +16 u32 nodeid
/// +20 u32 value
/// +24 u8  param   (1 EXPECTED_VOTES, 2 NODE_VOTES, 3 CANCEL_WFA)
/// +25 3 bytes padding, then 4 bytes tail padding (the struct is rounded to 8)
/// ```
public struct Reconfigure: Hashable, Sendable {
    /// The function id within the votequorum service.
    public static let function: UInt16 = 1
    /// Encoded size in bytes.
    public static let size = 32

    /// The node concerned (NODE_VOTES) or the requester (EXPECTED_VOTES, CANCEL_WFA).
    public var nodeID: NodeID
    /// The new value (0 for CANCEL_WFA).
    public var value: UInt32
    /// What to change.
    public var parameter: ReconfigureParameter

    /// Creates a RECONFIGURE body.
    public init(nodeID: NodeID, value: UInt32, parameter: ReconfigureParameter) {
        self.nodeID = nodeID
        self.value = value
        self.parameter = parameter
    }

    /// Reads the body that follows the service header (padding is not read).
    static func decodeBody(_ reader: inout WireReader) throws(WireError) -> Reconfigure {
        let nodeID = NodeID(try reader.u32())
        let value = try reader.u32()
        let parameter = ReconfigureParameter(rawValue: try reader.u8())
        return Reconfigure(nodeID: nodeID, value: value, parameter: parameter)
    }

    /// Appends the body and its zeroed padding.
    func encodeBody(into writer: inout WireWriter) {
        writer.u32(nodeID.rawValue)
        writer.u32(value)
        writer.u8(parameter.rawValue)
        writer.zeros(3 + 4)
    }
}
