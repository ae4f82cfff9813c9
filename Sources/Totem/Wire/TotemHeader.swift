/// The six totem message types (byte 3 of every datagram).
public enum TotemMessageType: UInt8, Sendable, CaseIterable {
    /// The ordering, reliability and flow-control token.
    case orfToken = 0
    /// An ordered multicast message.
    case mcast = 1
    /// The representative's "is anyone else out there" probe on an idle ring.
    case mergeDetect = 2
    /// A membership join (or, with header node id 0, a leave).
    case join = 3
    /// The commit token that installs a new ring.
    case commitToken = 4
    /// Asks the representative to release an idle, held token.
    case tokenHoldCancel = 5
}

/// The 13-byte header that starts every totem datagram.
///
/// ```
/// +0  u16 magic 0xC070   +2 u8 version 3   +3 u8 type   +4 u8 encapsulated
/// +5  u32 nodeid         +9 u32 target_nodeid (unused by udpu: send 0, ignore on receipt)
/// ```
public struct TotemHeader: Hashable, Sendable {
    /// The magic value in native order; read as 0x70C0 it means the sender is big-endian.
    public static let magic: UInt16 = 0xC070
    /// The only protocol version corosync 3.x speaks.
    public static let version: UInt8 = 3
    /// Encoded size in bytes.
    public static let size = 13

    /// The message type.
    public var type: TotemMessageType
    /// MCAST only: 2 for a normal message, 1 for a recovery re-origination; 0 otherwise.
    public var encapsulated: UInt8
    /// The sender (for tokens: the last forwarder; for a LEAVE: 0).
    public var nodeID: NodeID
    /// Uninitialised memory in corosync's udpu messages; kept only so captures round-trip.
    public var targetNodeID: UInt32

    /// Creates a header.
    public init(type: TotemMessageType, encapsulated: UInt8 = 0, nodeID: NodeID, targetNodeID: UInt32 = 0) {
        self.type = type
        self.encapsulated = encapsulated
        self.nodeID = nodeID
        self.targetNodeID = targetNodeID
    }

    /// Decodes the header and sets `reader.swapped` from the magic.
    ///
    /// `target_nodeid` is not byte-swapped (corosync does not convert it either).
    public static func decode(_ reader: inout WireReader) throws(WireError) -> TotemHeader {
        reader.swapped = false
        let magic = try reader.u16()
        switch magic {
        case Self.magic: reader.swapped = false
        case Self.magic.byteSwapped: reader.swapped = true
        default: throw .badMagic(magic)
        }
        let version = try reader.u8()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let rawType = try reader.u8()
        guard let type = TotemMessageType(rawValue: rawType) else { throw .unknownMessageType(rawType) }
        let encapsulated = try reader.u8()
        let nodeID = try reader.nodeID()
        let swapped = reader.swapped
        reader.swapped = false
        let target = try reader.u32()
        reader.swapped = swapped
        return TotemHeader(type: type, encapsulated: encapsulated, nodeID: nodeID, targetNodeID: target)
    }

    /// Appends the header, little-endian.
    public func encode(into writer: inout WireWriter) {
        writer.u16(Self.magic)
        writer.u8(Self.version)
        writer.u8(type.rawValue)
        writer.u8(encapsulated)
        writer.nodeID(nodeID)
        writer.u32(targetNodeID)
    }
}
