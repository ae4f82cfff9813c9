import ClusterIPC
import Glibc

/// What `cmapctl` prints, byte for byte as `corosync-cmapctl` (tools-and-config.md §3):
///
/// ```
/// runtime.members.1.ip (str) = r(0) ip(127.0.0.1)
/// test.flt (flt) = 1.500000
/// test.bin (bin)                         (without -b)
/// test.bin (bin) = ab\\c\x01\xFFFFFFFF   (with -b: bytes >= 0x80 sign-extended as the stock tool)
/// create> test.a (u32) = 1               (tracking)
/// ```
public enum CMapctlFormatter {
    /// cmapctl's name of a value's type (`u32`, `flt`, `str`, `bin`...).
    public static func typeName(_ value: IPCValue) -> String { value.type.name }

    /// The value's text: decimal integers, `%f` floats, raw strings, escaped binary; nil for
    /// binary without `showBinary`.
    public static func valueText(_ value: IPCValue, showBinary: Bool) -> String? {
        switch value {
        case .int8(let v): return String(v)
        case .uint8(let v): return String(v)
        case .int16(let v): return String(v)
        case .uint16(let v): return String(v)
        case .int32(let v): return String(v)
        case .uint32(let v): return String(v)
        case .int64(let v): return String(v)
        case .uint64(let v): return String(v)
        case .float(let v): return fixed(Double(v))
        case .double(let v): return fixed(v)
        case .string(let v): return v
        case .binary(let v): return showBinary ? escaped(v) : nil
        }
    }

    /// `key (type) = value` (or `key (bin)`); with `quiet` only the value.
    public static func line(_ key: String, _ value: IPCValue, showBinary: Bool, quiet: Bool = false) -> String {
        let text = valueText(value, showBinary: showBinary)
        if quiet { return text ?? "" }
        let head = "\(key) (\(typeName(value)))"
        return text.map { head + " = " + $0 } ?? head
    }

    /// A tracking line: `create> `, `modify> ` or `delete> ` and the key with its new value
    /// (the old one for a delete).
    public static func trackLine(_ change: CMapTrackNotification, showBinary: Bool) -> String {
        let prefix: String
        let value: IPCValue?
        switch change.event {
        case 4: (prefix, value) = ("create> ", change.newValue)
        case 1: (prefix, value) = ("delete> ", change.oldValue)
        case 2: (prefix, value) = ("modify> ", change.newValue)
        default: return "unknown change> "
        }
        guard let value else { return prefix + change.key }
        return prefix + line(change.key, value, showBinary: showBinary)
    }

    /// `--json`: one object per key, in key order:
    /// `[{"key":"totem.version","type":"u32","value":2}, ...]` (binary as an array of bytes).
    public static func json(_ entries: [CMapEntry]) -> String {
        "[" + entries.map { entry in
            var writer = JSONWriter()
            writer.field("key", .string(entry.key))
            writer.field("type", .string(typeName(entry.value)))
            writer.field("value", JSONWriter.value(entry.value))
            return writer.object
        }.joined(separator: ",") + "]\n"
    }

    /// A tracking change as one JSON object line.
    public static func json(_ change: CMapTrackNotification) -> String {
        var writer = JSONWriter()
        writer.field("event", .string(change.event == 4 ? "create" : change.event == 1 ? "delete" : "modify"))
        writer.field("key", .string(change.key))
        for (name, value) in [("old", change.oldValue), ("new", change.newValue)] {
            if let value {
                writer.field(name + "Type", .string(typeName(value)))
                writer.field(name, JSONWriter.value(value))
            } else {
                writer.field(name, .raw("null"))
            }
        }
        return writer.object + "\n"
    }

    /// `%f`: six decimals, as printf.
    static func fixed(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let count = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%f", $0) }
        guard count >= 0 else { return String(value) }
        return String(decoding: buffer.prefix(min(Int(count), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Printable ASCII as is, `\` as `\\`, other bytes as `\xNN`; bytes >= 0x80 as the stock
    /// tool prints them through a signed `char` (`\xFFFFFFNN`).
    static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            if byte == UInt8(ascii: "\\") {
                out += "\\\\"
            } else if byte >= 0x20 && byte < 0x7F {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let extended = byte >= 0x80 ? UInt32(byte) | 0xFFFF_FF00 : UInt32(byte)
                let hex = String(extended, radix: 16, uppercase: true)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            }
        }
        return out
    }
}
