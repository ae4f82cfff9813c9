import ClusterIPC

/// A minimal JSON object writer with keys in insertion order (stable output for scripts),
/// so the tools need no Foundation.
struct JSONWriter {
    /// A JSON value.
    enum Value {
        case string(String)
        case number(String)
        case bool(Bool)
        case raw(String)
    }

    private var fields: [String] = []

    /// Adds `"key": value`.
    mutating func field(_ key: String, _ value: Value) {
        let rendered: String
        switch value {
        case .string(let text): rendered = Self.quoted(text)
        case .number(let text), .raw(let text): rendered = text
        case .bool(let flag): rendered = flag ? "true" : "false"
        }
        fields.append(Self.quoted(key) + ":" + rendered)
    }

    /// The object text.
    var object: String { "{" + fields.joined(separator: ",") + "}" }

    /// A typed IPC value as JSON (numbers, strings, binary as an array of bytes).
    static func value(_ value: IPCValue) -> Value {
        switch value {
        case .int8(let v): return .number(String(v))
        case .uint8(let v): return .number(String(v))
        case .int16(let v): return .number(String(v))
        case .uint16(let v): return .number(String(v))
        case .int32(let v): return .number(String(v))
        case .uint32(let v): return .number(String(v))
        case .int64(let v): return .number(String(v))
        case .uint64(let v): return .number(String(v))
        case .float(let v): return v.isFinite ? .number("\(v)") : .raw("null")
        case .double(let v): return v.isFinite ? .number("\(v)") : .raw("null")
        case .string(let v): return .string(v)
        case .binary(let v): return .raw("[" + v.map { String($0) }.joined(separator: ",") + "]")
        }
    }

    /// A JSON string literal with the escapes JSON requires.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
