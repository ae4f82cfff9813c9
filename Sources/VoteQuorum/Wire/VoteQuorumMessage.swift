import Totem

/// One votequorum exec message (service 5), byte-exact with corosync 3.1.7.
///
/// Receivers read fixed offsets and ignore the header's `size` and all padding, as stock
/// corosync does; decoding never traps and both byte orders are accepted.
public enum VoteQuorumMessage: Hashable, Sendable {
    /// NODEINFO (function 0).
    case nodeInfo(NodeInfo)
    /// RECONFIGURE (function 1).
    case reconfigure(Reconfigure)
    /// QDEVICE_REG (function 2).
    case qdeviceRegistration(QDeviceRegistration)
    /// QDEVICE_RECONFIGURE (function 3).
    case qdeviceRename(QDeviceRename)

    /// The votequorum service id.
    public static let service: UInt16 = 5

    /// The function id of this message.
    public var function: UInt16 {
        switch self {
        case .nodeInfo: NodeInfo.function
        case .reconfigure: Reconfigure.function
        case .qdeviceRegistration: QDeviceRegistration.function
        case .qdeviceRename: QDeviceRename.function
        }
    }

    /// The encoded size of this message, header included.
    public var size: Int {
        switch self {
        case .nodeInfo: NodeInfo.size
        case .reconfigure: Reconfigure.size
        case .qdeviceRegistration: QDeviceRegistration.size
        case .qdeviceRename: QDeviceRename.size
        }
    }

    /// Encodes the message, header included, little-endian, padding zeroed.
    public func encode() -> [UInt8] {
        var writer = WireWriter(capacity: size)
        ServiceHeader(service: Self.service, function: function, size: Int32(clamping: size)).encode(into: &writer)
        switch self {
        case .nodeInfo(let body): body.encodeBody(into: &writer)
        case .reconfigure(let body): body.encodeBody(into: &writer)
        case .qdeviceRegistration(let body): body.encodeBody(into: &writer)
        case .qdeviceRename(let body): body.encodeBody(into: &writer)
        }
        return writer.bytes
    }

    /// Decodes a service message (header included). `swapped` is true when the sender was
    /// big-endian (the totem layer knows this from the datagram's magic).
    ///
    /// Throws ``WireError/invalidField(field:value:)`` for another service or an unknown
    /// function, and ``WireError/truncated(offset:needed:available:)`` when a field the
    /// handler reads is missing. Bytes after the last field read are ignored.
    public static func decode(_ bytes: [UInt8], swapped: Bool = false) throws(WireError) -> VoteQuorumMessage {
        var reader = WireReader(bytes, swapped: swapped)
        let header = try ServiceHeader.decode(&reader)
        guard header.service == service else {
            throw .invalidField(field: "service", value: Int64(header.service))
        }
        switch header.function {
        case NodeInfo.function: return .nodeInfo(try NodeInfo.decodeBody(&reader))
        case Reconfigure.function: return .reconfigure(try Reconfigure.decodeBody(&reader))
        case QDeviceRegistration.function: return .qdeviceRegistration(try QDeviceRegistration.decodeBody(&reader))
        case QDeviceRename.function: return .qdeviceRename(try QDeviceRename.decodeBody(&reader))
        default: throw .invalidField(field: "function", value: Int64(header.function))
        }
    }
}
