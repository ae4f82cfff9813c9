import CMap

extension CMapValue {
    /// The value's bytes as libcmap carries them: integers and floats in host order (x86-64:
    /// little-endian), a string with its terminating NUL (corosync stores and reports string
    /// lengths with it), a binary as is.
    public var libBytes: [UInt8] {
        switch self {
        case .int8(let v): return Self.bytes(of: UInt64(UInt8(bitPattern: v)), width: 1)
        case .uint8(let v): return [v]
        case .int16(let v): return Self.bytes(of: UInt64(UInt16(bitPattern: v)), width: 2)
        case .uint16(let v): return Self.bytes(of: UInt64(v), width: 2)
        case .int32(let v): return Self.bytes(of: UInt64(UInt32(bitPattern: v)), width: 4)
        case .uint32(let v): return Self.bytes(of: UInt64(v), width: 4)
        case .int64(let v): return Self.bytes(of: UInt64(bitPattern: v), width: 8)
        case .uint64(let v): return Self.bytes(of: v, width: 8)
        case .float(let v): return Self.bytes(of: UInt64(v.bitPattern), width: 4)
        case .double(let v): return Self.bytes(of: v.bitPattern, width: 8)
        case .string(let text): return Array(text.utf8) + [0]
        case .binary(let bytes): return bytes
        }
    }

    /// The value a client sent as `type` (corosync's type code) and `bytes` (its `value_len`
    /// bytes), under corosync's `icmap_check_value_len` rules; nil where corosync answers
    /// `CS_ERR_INVALID_PARAM`: a fixed-size type whose length differs from its size, a string
    /// with a NUL before its last byte, more than ``CMapValue/maximumSize`` bytes, or a type code
    /// outside 1...12 (which corosync would store as an untyped, empty key).
    public init?(libType type: UInt8, bytes: [UInt8]) {
        guard bytes.count <= CMapValue.maximumSize, let kind = CMapValueKind(rawValue: type) else { return nil }
        if let size = kind.fixedSize, size != bytes.count { return nil }
        let reader = WireReader(bytes)
        switch kind {
        case .int8: self = .int8(Int8(bitPattern: bytes[0]))
        case .uint8: self = .uint8(bytes[0])
        case .int16: self = .int16(Int16(bitPattern: reader.uint16(at: 0)))
        case .uint16: self = .uint16(reader.uint16(at: 0))
        case .int32: self = .int32(reader.int32(at: 0))
        case .uint32: self = .uint32(UInt32(bitPattern: reader.int32(at: 0)))
        case .int64: self = .int64(Int64(bitPattern: reader.uint64(at: 0)))
        case .uint64: self = .uint64(reader.uint64(at: 0))
        case .float: self = .float(Float(bitPattern: UInt32(bitPattern: reader.int32(at: 0))))
        case .double: self = .double(Double(bitPattern: reader.uint64(at: 0)))
        case .binary: self = .binary(bytes)
        case .string:
            let nul = bytes.firstIndex(of: 0)
            if let nul, nul < bytes.count - 1 { return nil }
            self = .string(String(decoding: bytes[..<(nul ?? bytes.count)], as: UTF8.self))
        }
    }

    /// The length corosync reports for the value (`value_len`): ``libBytes``' count.
    public var libLength: Int {
        if case .string(let text) = self { return text.utf8.count + 1 }
        return size
    }

    private static func bytes(of value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
