/// A request of corosync 3.1.7's libcmap (`ipc_cmap.h`, `req_lib_cmap_*`), decoded.
///
/// Layouts (offsets in bytes; every field 8-byte aligned; names are `mar_name_t`, 264 bytes):
///
/// | id | request | fields | size |
/// |----|---------|--------|------|
/// | 0 | SET | key @16, u64 value_len @280, u8 type @288, value @296 | 296 + value_len |
/// | 1 | DELETE | key @16 | 280 |
/// | 2 | GET | key @16, u64 value_len @280 (the client's buffer; 0: type and length only) | 288 |
/// | 3 | ADJUST_INT | key @16, i32 step @280 | 288 |
/// | 4 | ITER_INIT | prefix @16 (length 0: every key) | 280 |
/// | 5 | ITER_NEXT | u64 iter_handle @16 | 24 |
/// | 6 | ITER_FINALIZE | u64 iter_handle @16 | 24 |
/// | 7 | TRACK_ADD | key @16 (length 0: none), i32 track_type @280, u64 track_inst_handle @288 | 296 |
/// | 8 | TRACK_DELETE | u64 track_handle @16 | 24 |
/// | 9 | SET_CURRENT_MAP | i32 map @16 (0 default, 1 stats) | 24 |
public enum CMapLibRequest: Hashable, Sendable {
    /// Creates or changes `key`: `type` is corosync's type code, `value` its `value_len` bytes.
    case set(key: String, type: UInt8, value: [UInt8])
    /// Deletes `key`.
    case delete(key: String)
    /// Reads `key` into a client buffer of `bufferLength` bytes (0: type and length only).
    case get(key: String, bufferLength: UInt64)
    /// Adds `step` (signed) to an integer key.
    case adjustInt(key: String, step: Int32)
    /// Starts an iteration over the keys starting with `prefix` (nil: every key).
    case iterInit(prefix: String?)
    /// The iteration's next key.
    case iterNext(handle: UInt64)
    /// Ends an iteration.
    case iterFinalize(handle: UInt64)
    /// Tracks `key` (nil: none given) for the `trackType` events; notifications carry `instance`,
    /// the client's own handle for the tracker.
    case trackAdd(key: String?, trackType: Int32, instance: UInt64)
    /// Removes a tracker by the handle TRACK_ADD answered.
    case trackDelete(handle: UInt64)
    /// Selects the map the connection's later requests use.
    case setCurrentMap(Int32)

    /// Offset of the key name in every request that has one.
    static let keyOffset = 16

    /// Decodes one request (`message` is the whole message, `size` bytes as its header says).
    /// - Throws: ``CMapLibDecodeError`` for a message shorter than its struct, a name without
    ///   its NUL, a SET whose value runs past the message, or an unknown id; corosync answers
    ///   all of these with ``LibMessage/refusal(_:)``.
    public static func decode(_ message: [UInt8]) throws(CMapLibDecodeError) -> CMapLibRequest {
        guard let id = LibMessage.requestID(message) else { throw .truncated(id: nil, size: message.count) }
        guard let kind = CMapLibRequestID(rawValue: id) else { throw .unknownRequest(id) }
        guard message.count >= kind.minimumSize else { throw .truncated(id: id, size: message.count) }
        let reader = WireReader(message)
        func key() throws(CMapLibDecodeError) -> String {
            guard let name = reader.name(at: keyOffset) else { throw .unterminatedName(id: id) }
            return name
        }
        func optionalKey() throws(CMapLibDecodeError) -> String? {
            reader.nameLength(at: keyOffset) == 0 ? nil : try key()
        }
        switch kind {
        case .set:
            let length = reader.uint64(at: 280)
            guard length <= UInt64(message.count - kind.minimumSize) else {
                throw .truncated(id: id, size: message.count)
            }
            let value = Array(message[kind.minimumSize..<(kind.minimumSize + Int(length))])
            return .set(key: try key(), type: message[288], value: value)
        case .delete: return .delete(key: try key())
        case .get: return .get(key: try key(), bufferLength: reader.uint64(at: 280))
        case .adjustInt: return .adjustInt(key: try key(), step: reader.int32(at: 280))
        case .iterInit: return .iterInit(prefix: try optionalKey())
        case .iterNext: return .iterNext(handle: reader.uint64(at: 16))
        case .iterFinalize: return .iterFinalize(handle: reader.uint64(at: 16))
        case .trackAdd:
            let instance = reader.uint64(at: 288)
            return .trackAdd(key: try optionalKey(), trackType: reader.int32(at: 280), instance: instance)
        case .trackDelete: return .trackDelete(handle: reader.uint64(at: 16))
        case .setCurrentMap: return .setCurrentMap(reader.int32(at: 16))
        }
    }
}

/// libcmap's request ids (`MESSAGE_REQ_CMAP_*`) with their structs' sizes.
public enum CMapLibRequestID: Int32, Hashable, Sendable, CaseIterable {
    /// `MESSAGE_REQ_CMAP_SET`.
    case set = 0
    /// `MESSAGE_REQ_CMAP_DELETE`.
    case delete = 1
    /// `MESSAGE_REQ_CMAP_GET`.
    case get = 2
    /// `MESSAGE_REQ_CMAP_ADJUST_INT`.
    case adjustInt = 3
    /// `MESSAGE_REQ_CMAP_ITER_INIT`.
    case iterInit = 4
    /// `MESSAGE_REQ_CMAP_ITER_NEXT`.
    case iterNext = 5
    /// `MESSAGE_REQ_CMAP_ITER_FINALIZE`.
    case iterFinalize = 6
    /// `MESSAGE_REQ_CMAP_TRACK_ADD`.
    case trackAdd = 7
    /// `MESSAGE_REQ_CMAP_TRACK_DELETE`.
    case trackDelete = 8
    /// `MESSAGE_REQ_CMAP_SET_CURRENT_MAP`.
    case setCurrentMap = 9

    /// `sizeof` the request's struct (SET's value follows it).
    public var minimumSize: Int {
        switch self {
        case .set, .trackAdd: 296
        case .delete, .iterInit: 280
        case .get, .adjustInt: 288
        case .iterNext, .iterFinalize, .trackDelete, .setCurrentMap: 24
        }
    }
}

/// Why a cmap request could not be decoded.
public enum CMapLibDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Shorter than its struct (id nil: shorter than the header).
    case truncated(id: Int32?, size: Int)
    /// A key name whose 256 bytes hold no NUL.
    case unterminatedName(id: Int32)
    /// Not a cmap request id.
    case unknownRequest(Int32)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .truncated(let id, let size): "cmap request \(id.map(String.init) ?? "?") truncated at \(size) bytes"
        case .unterminatedName(let id): "cmap request \(id): key name without NUL"
        case .unknownRequest(let id): "unknown cmap request id \(id)"
        }
    }
}
