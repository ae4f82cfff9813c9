import Totem

/// The fixed 255-byte, NUL-terminated quorum device name field of the QDEVICE messages.
enum QDeviceName {
    /// `VOTEQUORUM_QDEVICE_MAX_NAME_LEN`.
    static let fieldSize = 255

    /// Reads the field: bytes up to the first NUL (or all 255), as UTF-8 with repairs.
    static func decode(_ reader: inout WireReader) throws(WireError) -> String {
        let raw = try reader.bytes(fieldSize)
        let end = raw.firstIndex(of: 0) ?? raw.count
        return String(decoding: raw[..<end], as: UTF8.self)
    }

    /// Writes the name truncated to 254 bytes, NUL-terminated and zero-filled.
    static func encode(_ name: String, into writer: inout WireWriter) {
        let bytes = Array(name.utf8.prefix(fieldSize - 1))
        writer.bytes(bytes)
        writer.zeros(fieldSize - bytes.count)
    }
}
