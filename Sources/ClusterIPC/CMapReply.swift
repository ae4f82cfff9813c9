/// The payload of a successful cmap reply (the status is in ``IPCReply``).
public enum CMapReply: Hashable, Sendable {
    /// Reply to ``CMapRequest/get(key:)``: the value.
    case value(IPCValue)
    /// Reply to ``CMapRequest/iterate(prefix:after:)``: one page of keys in key order, and
    /// whether more follow (ask again with `after` = the last key).
    case entries([CMapEntry], more: Bool)
    /// Reply to ``CMapRequest/trackAdd(key:events:)``: the tracker's handle, which its
    /// notifications carry.
    case trackHandle(UInt64)

    /// Writes the payload.
    func encode(_ writer: inout IPCWriter) {
        switch self {
        case .value(let value):
            writer.value(value)
        case .entries(let entries, let more):
            writer.array(entries) { writer, entry in
                writer.string(entry.key)
                writer.value(entry.value)
            }
            writer.bool(more)
        case .trackHandle(let handle):
            writer.u64(handle)
        }
    }

    /// Reads the payload of a successful reply to `request`; calls without a payload are
    /// ``IPCReply/done``.
    static func decode(_ reader: inout IPCReader, for request: CMapRequest) throws(IPCError) -> IPCReply {
        switch request {
        case .get: return .cmap(.value(try reader.value("value")))
        case .iterate:
            let entries = try reader.array("entries", minimumElementSize: 9) { reader throws(IPCError) in
                CMapEntry(key: try reader.string("key"), value: try reader.value("value"))
            }
            return .cmap(.entries(entries, more: try reader.bool("more")))
        case .trackAdd: return .cmap(.trackHandle(try reader.u64("handle")))
        case .set, .delete, .trackDelete, .setMap: return .done
        }
    }
}

/// One key and its value in an iteration page: `string key | value`.
public struct CMapEntry: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The typed value.
    public var value: IPCValue

    /// Creates an entry.
    public init(key: String, value: IPCValue) {
        self.key = key
        self.value = value
    }
}
