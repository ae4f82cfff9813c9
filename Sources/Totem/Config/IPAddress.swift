/// An IPv4 or IPv6 address parsed from text without the C library, so that addresses written
/// differently (`::1` and `0:0::1`) compare equal and the family is known.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Four bytes, network order.
    case v4([UInt8])
    /// Sixteen bytes, network order (a `%zone` suffix is dropped).
    case v6([UInt8])

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail);
    /// nil for anything else, host names included.
    public init?(_ text: String) {
        if let bytes = IPAddress.parseV4(Substring(text)) {
            self = .v4(bytes)
            return
        }
        var body = Substring(text)
        if let percent = body.firstIndex(of: "%") { body = body[..<percent] }
        guard let bytes = IPAddress.parseV6(body) else { return nil }
        self = .v6(bytes)
    }

    /// True for IPv4.
    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// The family name corosync prints (`IPv4`, `IPv6`).
    public var familyName: String { isIPv4 ? "IPv4" : "IPv6" }

    /// The address as an unsigned integer in host order, as corosync generates a node id from an
    /// IPv4 address; nil for IPv6.
    public var ipv4Value: UInt32? {
        guard case .v4(let bytes) = self else { return nil }
        return bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Dotted quad, or IPv6 groups in lower-case hex (without `::` compression).
    public var description: String {
        switch self {
        case .v4(let bytes):
            return bytes.map(String.init).joined(separator: ".")
        case .v6(let bytes):
            return stride(from: 0, to: 16, by: 2)
                .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
    }

    private static func parseV4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseV6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0]) else { return nil }
        var bytes = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
            bytes += [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
        }
        return bytes.count == 16 ? bytes : nil
    }

    /// Bytes of colon-separated hex groups, the last of which may be a dotted IPv4 address.
    private static func groups(_ text: Substring) -> [UInt8]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains("."), let v4 = parseV4(part) {
                bytes += v4
                continue
            }
            guard (1...4).contains(part.count), let value = UInt16(part, radix: 16) else { return nil }
            bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        return bytes
    }
}

extension Substring {
    /// Splits at every occurrence of `separator` (standard library only).
    func components(separatedBy separator: String) -> [Substring] {
        var result: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            result.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        result.append(rest)
        return result
    }
}
