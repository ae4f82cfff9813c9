/// Why a store operation was refused; each case names corosync's `cs_error_t` for it.
public enum CMapError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The key does not exist (`CS_ERR_NOT_EXIST`).
    case notExist(key: String)
    /// The name breaks the naming rules (`CS_ERR_NAME_TOO_LONG`, for short names and bad
    /// characters alike, as corosync).
    case invalidName(key: String)
    /// The key is read-only for clients (`CS_ERR_ACCESS`).
    case readOnly(key: String)
    /// The value is larger than ``CMapValue/maximumSize`` (`CS_ERR_INVALID_PARAM`).
    case valueTooLarge(key: String, size: Int)
    /// The map does not support this operation (`CS_ERR_NOT_SUPPORTED`), e.g. a prefix track
    /// on the stats map for modifications.
    case notSupported(String)
    /// The track handle is unknown (`CS_ERR_BAD_HANDLE`).
    case badHandle(UInt64)
    /// An increment of a key whose value is not an integer (`CS_ERR_INVALID_PARAM`).
    case notInteger(key: String)

    /// corosync's `cs_error_t` number.
    public var code: UInt32 {
        switch self {
        case .notExist: return 12
        case .invalidName: return 13
        case .readOnly: return 11
        case .valueTooLarge: return 7
        case .notSupported: return 19
        case .badHandle: return 9
        case .notInteger: return 7
        }
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notExist(let key): return "key \(key) does not exist"
        case .invalidName(let key): return "invalid key name \(key)"
        case .readOnly(let key): return "key \(key) is read-only"
        case .valueTooLarge(let key, let size): return "value of \(key) is \(size) bytes, above \(CMapValue.maximumSize)"
        case .notSupported(let what): return "not supported: \(what)"
        case .badHandle(let handle): return "unknown track handle \(handle)"
        case .notInteger(let key): return "value of \(key) is not an integer"
        }
    }
}
