@_exported import CMap

/// A typed value on the wire: cmap's own value type (Docs/ServicesWire.md §9.1), so that the store and
/// the cmap calls (get, set, iterate, track) share one definition of the twelve types.
///
/// Encoding: `u8 type | u32 length | bytes`; integers and floats little-endian with exactly
/// their size, strings UTF-8 without NUL, binary as is. Values are limited to 16 KiB as in cmap.
public typealias IPCValue = CMapValue

extension CMapValue {
    /// cmap's type code.
    public var typeCode: UInt8 { type.rawValue }

    /// The value's payload bytes (little-endian for numbers).
    var wirePayload: [UInt8] {
        switch self {
        case .int8(let value): return Self.le(UInt64(UInt8(bitPattern: value)), 1)
        case .uint8(let value): return [value]
        case .int16(let value): return Self.le(UInt64(UInt16(bitPattern: value)), 2)
        case .uint16(let value): return Self.le(UInt64(value), 2)
        case .int32(let value): return Self.le(UInt64(UInt32(bitPattern: value)), 4)
        case .uint32(let value): return Self.le(UInt64(value), 4)
        case .int64(let value): return Self.le(UInt64(bitPattern: value), 8)
        case .uint64(let value): return Self.le(value, 8)
        case .float(let value): return Self.le(UInt64(value.bitPattern), 4)
        case .double(let value): return Self.le(value.bitPattern, 8)
        case .string(let value): return Array(value.utf8)
        case .binary(let value): return value
        }
    }

    /// Decodes a payload of type `code`, checking fixed sizes.
    static func decodeWire(code: UInt8, payload: [UInt8], field: String) throws(IPCError) -> IPCValue {
        let sizes: [UInt8: Int] = [1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 8, 8: 8, 9: 4, 10: 8]
        if let size = sizes[code], payload.count != size {
            throw .invalidValue(field: field + ".length", value: UInt64(payload.count))
        }
        var raw: UInt64 = 0
        for (index, byte) in payload.prefix(8).enumerated() { raw |= UInt64(byte) << (8 * UInt64(index)) }
        switch code {
        case 1: return .int8(Int8(bitPattern: UInt8(raw)))
        case 2: return .uint8(UInt8(raw))
        case 3: return .int16(Int16(bitPattern: UInt16(raw)))
        case 4: return .uint16(UInt16(raw))
        case 5: return .int32(Int32(bitPattern: UInt32(raw)))
        case 6: return .uint32(UInt32(raw))
        case 7: return .int64(Int64(bitPattern: raw))
        case 8: return .uint64(raw)
        case 9: return .float(Float(bitPattern: UInt32(raw)))
        case 10: return .double(Double(bitPattern: raw))
        case 11:
            guard let text = String(validating: payload, as: UTF8.self) else { throw .invalidUTF8(field: field) }
            return .string(text)
        case 12: return .binary(payload)
        default: throw .invalidValue(field: field + ".type", value: UInt64(code))
        }
    }

    private static func le(_ value: UInt64, _ size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}

extension IPCWriter {
    /// Writes a typed value: `u8 type | u32 length | bytes`.
    public mutating func value(_ value: IPCValue) {
        u8(value.typeCode)
        blob(value.wirePayload)
    }
}

extension IPCReader {
    /// Reads a typed value, refusing unknown type codes, wrong fixed sizes and payloads over
    /// ``IPCValue/maximumSize``.
    public mutating func value(_ field: String) throws(IPCError) -> IPCValue {
        let code = try u8(field + ".type")
        guard (1...12).contains(code) else { throw .invalidValue(field: field + ".type", value: UInt64(code)) }
        let payload = try blob(field)
        guard payload.count <= IPCValue.maximumSize else {
            throw .invalidValue(field: field + ".length", value: UInt64(payload.count))
        }
        return try IPCValue.decodeWire(code: code, payload: payload, field: field)
    }
}
