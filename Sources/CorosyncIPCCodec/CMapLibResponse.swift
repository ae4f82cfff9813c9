import CMap

/// The responses of corosync 3.1.7's cmap service (`res_lib_cmap_*`), encoded. Each starts with
/// the 24-byte response header (id, size, error); ids are `MESSAGE_RES_CMAP_*`, equal to the
/// request's, but for NOTIFY_CALLBACK (9, an event) and SET_CURRENT_MAP (10).
///
/// | id | response | fields | size |
/// |----|----------|--------|------|
/// | 0, 1, 3, 6, 10 | SET, DELETE, ADJUST_INT, ITER_FINALIZE, SET_CURRENT_MAP | header | 24 |
/// | 2 | GET | u64 value_len @24, u8 type @32, value @40 | 40 + the request's value_len (40 on error) |
/// | 4 | ITER_INIT | u64 iter_handle @24 | 32 |
/// | 5 | ITER_NEXT | key @24, u64 value_len @288, u8 type @296 | 304 |
/// | 7 | TRACK_ADD | u64 track_handle @24 | 32 |
/// | 8 | TRACK_DELETE | u64 track_inst_handle @24 | 32 |
public enum CMapLibResponse {
    /// `MESSAGE_RES_CMAP_SET_CURRENT_MAP`.
    public static let setCurrentMapID: Int32 = 10

    /// A header-only response (SET, DELETE, ADJUST_INT, ITER_FINALIZE, SET_CURRENT_MAP).
    public static func status(_ id: Int32, _ error: CSError) -> [UInt8] {
        LibMessage.response(id: id, size: LibMessage.responseHeaderSize, error: error).bytes
    }

    /// GET's response. On success it is `40 + bufferLength` bytes with `value_len` = the value's
    /// length and, when `bufferLength` is not 0, the value at 40 (exec/cmap.c); on an error it
    /// is the bare 40-byte struct. The caller has checked that the value fits the buffer.
    public static func get(_ result: Result<CMapValue, CSErrorBox>, bufferLength: Int) -> [UInt8] {
        let id = CMapLibRequestID.get.rawValue
        switch result {
        case .failure(let error):
            return LibMessage.response(id: id, size: 40, error: error.error).bytes
        case .success(let value):
            var writer = LibMessage.response(id: id, size: 40 + bufferLength, error: .ok)
            writer.put(UInt64(value.libLength), at: 24)
            writer.put(value.type.rawValue, at: 32)
            if bufferLength > 0 { writer.put(bytes: value.libBytes, at: 40) }
            return writer.bytes
        }
    }

    /// ITER_INIT's response: the new iterator's handle (0 on error).
    public static func iterInit(_ error: CSError, handle: UInt64) -> [UInt8] {
        handleResponse(CMapLibRequestID.iterInit.rawValue, error, handle)
    }

    /// ITER_NEXT's response: the next key with its value's length and type, or an error alone
    /// (``CSError/noSections`` past the last key).
    public static func iterNext(_ result: Result<(key: String, value: CMapValue), CSErrorBox>) -> [UInt8] {
        switch result {
        case .failure(let error):
            return LibMessage.response(id: CMapLibRequestID.iterNext.rawValue, size: 304, error: error.error).bytes
        case .success(let entry):
            var writer = LibMessage.response(id: CMapLibRequestID.iterNext.rawValue, size: 304, error: .ok)
            writer.put(name: entry.key, at: 24)
            writer.put(UInt64(entry.value.libLength), at: 288)
            writer.put(entry.value.type.rawValue, at: 296)
            return writer.bytes
        }
    }

    /// TRACK_ADD's response: the server's handle for the tracker (0 on error).
    public static func trackAdd(_ error: CSError, handle: UInt64) -> [UInt8] {
        handleResponse(CMapLibRequestID.trackAdd.rawValue, error, handle)
    }

    /// TRACK_DELETE's response: the client's `track_inst_handle` of the removed tracker (0 on
    /// error).
    public static func trackDelete(_ error: CSError, instance: UInt64) -> [UInt8] {
        handleResponse(CMapLibRequestID.trackDelete.rawValue, error, instance)
    }

    private static func handleResponse(_ id: Int32, _ error: CSError, _ handle: UInt64) -> [UInt8] {
        var writer = LibMessage.response(id: id, size: 32, error: error)
        writer.put(handle, at: 24)
        return writer.bytes
    }
}

/// A ``CSError`` as a Swift error, for `Result`.
public struct CSErrorBox: Error, Hashable, Sendable {
    /// The status.
    public var error: CSError
    /// Wraps a status.
    public init(_ error: CSError) { self.error = error }
}
