import CorosyncIPCCodec

/// Builds libcmap requests byte by byte from `ipc_cmap.h`'s layouts (every field 8-byte
/// aligned), independently of the codec under test.
enum LibBytes {
    static func le(_ value: UInt64, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    static func i32(_ value: Int32) -> [UInt8] { le(UInt64(UInt32(bitPattern: value)), 4) + [0, 0, 0, 0] }
    static func u64(_ value: UInt64) -> [UInt8] { le(value, 8) }

    /// `qb_ipc_request_header`: id, size, each padded to 8 bytes.
    static func requestHeader(_ id: Int32, size: Int) -> [UInt8] { i32(id) + i32(Int32(size)) }

    /// `mar_name_t`: u16 length padded to 8, then 256 bytes of value.
    static func name(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return le(UInt64(bytes.count), 2) + [UInt8](repeating: 0, count: 6) + bytes
            + [UInt8](repeating: 0, count: 256 - bytes.count)
    }

    static func request(_ id: Int32, _ body: [UInt8]) -> [UInt8] { requestHeader(id, size: 16 + body.count) + body }

    static func set(_ key: String, type: UInt8, value: [UInt8]) -> [UInt8] {
        request(0, name(key) + u64(UInt64(value.count)) + [type] + [UInt8](repeating: 0, count: 7) + value)
    }
    static func delete(_ key: String) -> [UInt8] { request(1, name(key)) }
    static func get(_ key: String, buffer: UInt64) -> [UInt8] { request(2, name(key) + u64(buffer)) }
    static func adjust(_ key: String, step: Int32) -> [UInt8] { request(3, name(key) + i32(step)) }
    static func iterInit(_ prefix: String) -> [UInt8] { request(4, name(prefix)) }
    static func iterNext(_ handle: UInt64) -> [UInt8] { request(5, u64(handle)) }
    static func iterFinalize(_ handle: UInt64) -> [UInt8] { request(6, u64(handle)) }
    static func trackAdd(_ key: String, type: Int32, instance: UInt64) -> [UInt8] {
        request(7, name(key) + i32(type) + u64(instance))
    }
    static func trackDelete(_ handle: UInt64) -> [UInt8] { request(8, u64(handle)) }
    static func setMap(_ map: Int32) -> [UInt8] { request(9, i32(map)) }

    /// `qb_ipc_response_header` fields of a response.
    static func header(_ bytes: [UInt8]) -> (id: Int32, size: Int32, error: Int32) {
        let reader = WireReader(bytes)
        return (reader.int32(at: 0), reader.int32(at: 8), reader.int32(at: 16))
    }

    static func hex(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex, let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) {
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
