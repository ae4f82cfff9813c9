/// A cmap call (kinds `0x0201 + n` for corosync's cmap request number `n`, Docs/IPC.md).
///
/// | kind     | call          | body                                   | reply payload                   |
/// |----------|---------------|----------------------------------------|---------------------------------|
/// | `0x0201` | set           | `string key \| value`                   | empty                           |
/// | `0x0202` | delete        | `string key`                           | empty                           |
/// | `0x0203` | get           | `string key`                           | `value`                         |
/// | `0x0205` | iterate       | `string prefix \| string after`         | `array<string key \| value> \| bool more` |
/// | `0x0208` | track-add     | `string key or prefix \| u8 events`     | `u64 track handle`              |
/// | `0x0209` | track-delete  | `u64 track handle`                     | empty                           |
/// | `0x020A` | set-map       | `u8 map` (0 icmap, 1 stats)            | empty                           |
public enum CMapRequest: Hashable, Sendable {
    /// Creates or changes a key.
    case set(key: String, value: IPCValue)
    /// Deletes a key.
    case delete(key: String)
    /// Reads a key.
    case get(key: String)
    /// One page of the keys under `prefix` in key order, starting after `after` ("" = from
    /// the first); the reply says whether more follow.
    case iterate(prefix: String, after: String)
    /// Tracks a key (or a prefix with event bit 8): `events` is corosync's mask, ADD 4 |
    /// MODIFY 2 | DELETE 1 | PREFIX 8. Changes are pushed as ``CMapTrackNotification``s.
    case trackAdd(key: String, events: UInt8)
    /// Stops a tracker of this connection.
    case trackDelete(handle: UInt64)
    /// Selects the map later calls on this connection use (``CMapMap``).
    case setMap(CMapMap)

    /// The request's kind.
    public var kind: IPCKind {
        switch self {
        case .set: return .cmapSet
        case .delete: return .cmapDelete
        case .get: return .cmapGet
        case .iterate: return .cmapIterate
        case .trackAdd: return .cmapTrackAdd
        case .trackDelete: return .cmapTrackDelete
        case .setMap: return .cmapSetMap
        }
    }

    /// True for the kinds this enum decodes.
    public static func handles(_ kind: IPCKind) -> Bool {
        [IPCKind.cmapSet, .cmapDelete, .cmapGet, .cmapIterate, .cmapTrackAdd, .cmapTrackDelete, .cmapSetMap].contains(kind)
    }

    /// Writes the body.
    func encode(_ writer: inout IPCWriter) {
        switch self {
        case .set(let key, let value):
            writer.string(key)
            writer.value(value)
        case .delete(let key), .get(let key):
            writer.string(key)
        case .iterate(let prefix, let after):
            writer.string(prefix)
            writer.string(after)
        case .trackAdd(let key, let events):
            writer.string(key)
            writer.u8(events)
        case .trackDelete(let handle):
            writer.u64(handle)
        case .setMap(let map):
            writer.u8(map.rawValue)
        }
    }

    /// Reads the body of a frame of `kind` (one of ``handles(_:)``).
    static func decode(kind: IPCKind, _ reader: inout IPCReader) throws(IPCError) -> CMapRequest {
        switch kind {
        case .cmapSet: return .set(key: try reader.string("key"), value: try reader.value("value"))
        case .cmapDelete: return .delete(key: try reader.string("key"))
        case .cmapGet: return .get(key: try reader.string("key"))
        case .cmapIterate: return .iterate(prefix: try reader.string("prefix"), after: try reader.string("after"))
        case .cmapTrackAdd:
            let key = try reader.string("key")
            let events = try reader.u8("events")
            guard events & 0x07 != 0, events & ~0x0F == 0 else { throw .invalidValue(field: "events", value: UInt64(events)) }
            return .trackAdd(key: key, events: events)
        case .cmapTrackDelete: return .trackDelete(handle: try reader.u64("handle"))
        case .cmapSetMap:
            let raw = try reader.u8("map")
            guard let map = CMapMap(rawValue: raw) else { throw .invalidValue(field: "map", value: UInt64(raw)) }
            return .setMap(map)
        default: throw .unknownKind(kind.rawValue)
        }
    }
}

/// Which of a node's maps a connection reads (corosync's `cmap_initialize_map`).
public enum CMapMap: UInt8, Hashable, Sendable {
    /// Configuration and runtime keys (the default).
    case icmap = 0
    /// Network and IPC counters (`stats.*`), read-only, built on demand.
    case stats = 1
}
