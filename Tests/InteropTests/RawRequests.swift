import Foundation

/// Hand-made libcmap requests for the raw libqb client: malformed ones, and a valid GET.
enum RawRequests {
    struct Request {
        var what: String
        var bytes: [UInt8]
        var hex: String { bytes.map { String(format: "%02x", $0) }.joined() }
    }

    static func le(_ value: UInt64, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// `qb_ipc_request_header` (id, size, each padded to 8).
    static func header(id: Int32, size: Int32) -> [UInt8] {
        le(UInt64(UInt32(bitPattern: id)), 4) + [0, 0, 0, 0] + le(UInt64(UInt32(bitPattern: size)), 4) + [0, 0, 0, 0]
    }

    /// A `mar_name_t` holding `text`.
    static func name(_ text: String) -> [UInt8] {
        le(UInt64(text.utf8.count), 8) + Array(text.utf8) + [UInt8](repeating: 0, count: 256 - text.utf8.count)
    }

    static var malformed: [Request] {
        let noNul = header(id: 1, size: 280) + le(256, 8) + [UInt8](repeating: 0x61, count: 256)
        let lyingSet =
            header(id: 0, size: 300) + name("test.a") + le(1 << 40, 8) + [6] + [UInt8](repeating: 0, count: 7)
            + [5, 0, 0, 0]
        return [
            Request(what: "unknown id 42", bytes: header(id: 42, size: 24) + le(0, 8)),
            Request(what: "negative id", bytes: header(id: -5, size: 24) + le(0, 8)),
            Request(
                what: "GET cut at 100 bytes", bytes: Array((header(id: 2, size: 100) + name("test.a")).prefix(100))),
            Request(what: "name without NUL", bytes: noNul),
            Request(what: "SET whose value_len runs past the message", bytes: lyingSet),
            Request(what: "size below the header", bytes: header(id: 2, size: 8) + le(0, 8)),
            Request(what: "size beyond the buffer", bytes: header(id: 2, size: .max) + le(0, 8)),
        ]
    }

    /// GET totem.cluster_name, type and length only.
    static var validGet: String {
        (header(id: 2, size: 288) + name("totem.cluster_name") + le(0, 8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A `RES <length> <hex>` line with what corosync leaves undefined zeroed: header padding,
    /// GET's and ITER_NEXT's padding after the type, the name's length padding, handles.
    static func masked(_ line: String) -> String {
        let fields = line.split(separator: " ")
        guard fields.count == 3 else { return line }
        var hex = Array(fields[2])
        func zero(_ range: Range<Int>) {
            for byte in range where 2 * byte + 1 < hex.count {
                hex[2 * byte] = "0"
                hex[2 * byte + 1] = "0"
            }
        }
        for range in [4..<8, 12..<16, 20..<24] { zero(range) }
        switch String(hex.prefix(2)) {
        case "02": zero(33..<40)
        case "04", "07": zero(24..<32)
        case "05":
            zero(26..<32)
            zero(297..<304)
        default: break
        }
        return "\(fields[0]) \(fields[1]) \(String(hex))"
    }
}
