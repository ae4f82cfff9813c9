import CMap
import Totem

extension CMapValue {
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
