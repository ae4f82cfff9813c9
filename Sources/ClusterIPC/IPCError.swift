/// Why a frame or a body was refused. Each case maps to the reply ``status`` the server sends.
public enum IPCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `length` is above ``IPCProtocol/maximumLength``; the connection is closed after the reply.
    case frameTooLarge(length: UInt32)
    /// `length` is below 8, so version, kind and request id do not fit; the connection is closed.
    case frameTooShort(length: UInt32)
    /// The frame's version is not ``IPCProtocol/version``.
    case unsupportedVersion(UInt16)
    /// The kind is not a request this server implements (or, in a client, not the expected reply).
    case unknownKind(UInt16)
    /// The body ended inside `field`: `needed` more bytes were required, `available` were left.
    case truncated(field: String, needed: Int, available: Int)
    /// The body has `count` bytes after its last field.
    case trailingBytes(count: Int)
    /// A string field is not valid UTF-8.
    case invalidUTF8(field: String)
    /// A field holds a value outside its range (a bool of 2, an unknown type code).
    case invalidValue(field: String, value: UInt64)
    /// The stream ended inside a frame (`available` of `expected` bytes arrived).
    case incompleteFrame(expected: Int, available: Int)

    /// The reply status for this error.
    public var status: IPCStatus {
        switch self {
        case .frameTooLarge: return .tooBig
        case .frameTooShort: return .messageError
        case .unsupportedVersion: return .version
        case .unknownKind: return .notSupported
        case .truncated, .trailingBytes, .invalidUTF8, .incompleteFrame: return .messageError
        case .invalidValue: return .invalidParam
        }
    }

    /// True when the byte stream can no longer be split into frames after this error.
    public var closesConnection: Bool {
        switch self {
        case .frameTooLarge, .frameTooShort, .incompleteFrame: return true
        case .unsupportedVersion, .unknownKind, .truncated, .trailingBytes, .invalidUTF8, .invalidValue: return false
        }
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .frameTooLarge(let length): return "frame length \(length) exceeds \(IPCProtocol.maximumLength)"
        case .frameTooShort(let length): return "frame length \(length) is below the 8-byte header"
        case .unsupportedVersion(let version): return "unsupported protocol version \(version)"
        case .unknownKind(let kind): return "unknown kind \(IPCKind(rawValue: kind))"
        case .truncated(let field, let needed, let available):
            return "body truncated in \(field): \(needed) bytes needed, \(available) left"
        case .trailingBytes(let count): return "\(count) trailing bytes after the body"
        case .invalidUTF8(let field): return "\(field) is not valid UTF-8"
        case .invalidValue(let field, let value): return "invalid \(field) \(value)"
        case .incompleteFrame(let expected, let available):
            return "stream ended inside a frame (\(available) of \(expected) bytes)"
        }
    }
}
