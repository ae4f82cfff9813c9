import CMap
import ClusterIPC
import Totem

extension CMapValue {
    /// The store's value for a wire value (the same twelve types).
    init(_ value: IPCValue) {
        switch value {
        case .int8(let raw): self = .int8(raw)
        case .uint8(let raw): self = .uint8(raw)
        case .int16(let raw): self = .int16(raw)
        case .uint16(let raw): self = .uint16(raw)
        case .int32(let raw): self = .int32(raw)
        case .uint32(let raw): self = .uint32(raw)
        case .int64(let raw): self = .int64(raw)
        case .uint64(let raw): self = .uint64(raw)
        case .float(let raw): self = .float(raw)
        case .double(let raw): self = .double(raw)
        case .string(let raw): self = .string(raw)
        case .binary(let raw): self = .binary(raw)
        }
    }

    /// A configuration value of corosync.conf's type `type` from its text (nil when the text is
    /// not a valid integer of that type; the parser has already refused those).
    init?(_ type: CmapValueType, text: String) {
        guard type != .str else {
            self = .string(text)
            return
        }
        guard let number = type.integer(from: text) else { return nil }
        switch type {
        case .u8: self = .uint8(UInt8(number))
        case .u16: self = .uint16(UInt16(number))
        case .u32: self = .uint32(UInt32(number))
        case .u64: self = .uint64(UInt64(number))
        case .i32: self = .int32(Int32(number))
        case .str: self = .string(text)
        }
    }
}

extension IPCValue {
    /// The wire value for a store value.
    init(_ value: CMapValue) {
        switch value {
        case .int8(let raw): self = .int8(raw)
        case .uint8(let raw): self = .uint8(raw)
        case .int16(let raw): self = .int16(raw)
        case .uint16(let raw): self = .uint16(raw)
        case .int32(let raw): self = .int32(raw)
        case .uint32(let raw): self = .uint32(raw)
        case .int64(let raw): self = .int64(raw)
        case .uint64(let raw): self = .uint64(raw)
        case .float(let raw): self = .float(raw)
        case .double(let raw): self = .double(raw)
        case .string(let raw): self = .string(raw)
        case .binary(let raw): self = .binary(raw)
        }
    }
}
