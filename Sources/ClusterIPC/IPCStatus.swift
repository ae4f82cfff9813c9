/// The status code of a reply: 0 for success, otherwise corosync's `cs_error_t` number.
///
/// Unlike corosync (where `CS_OK` is 1), success is 0; every error keeps corosync's number so
/// tools can print and return the same codes as `corosync-cfgtool` and `corosync-cmapctl`.
public struct IPCStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 32-bit code as on the wire.
    public var rawValue: UInt32

    /// Wraps a raw status.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Success.
    public static let ok = IPCStatus(rawValue: 0)
    /// `CS_ERR_LIBRARY` (2): the daemon cannot be reached.
    public static let library = IPCStatus(rawValue: 2)
    /// `CS_ERR_VERSION` (3): unsupported protocol version.
    public static let version = IPCStatus(rawValue: 3)
    /// `CS_ERR_TRY_AGAIN` (6): the daemon is busy or not ready; retry.
    public static let tryAgain = IPCStatus(rawValue: 6)
    /// `CS_ERR_INVALID_PARAM` (7): a field has a value the call does not accept.
    public static let invalidParam = IPCStatus(rawValue: 7)
    /// `CS_ERR_ACCESS` (11): the client's user may not use this call.
    public static let access = IPCStatus(rawValue: 11)
    /// `CS_ERR_NOT_EXIST` (12): no such key, node or object.
    public static let notExist = IPCStatus(rawValue: 12)
    /// `CS_ERR_NAME_TOO_LONG` (13): a name (the reason of a KILLNODE) exceeds 255 bytes.
    public static let nameTooLong = IPCStatus(rawValue: 13)
    /// `CS_ERR_EXIST` (14): already there (a second `cfgtool -H` while a shutdown is under way).
    public static let exist = IPCStatus(rawValue: 14)
    /// `CS_ERR_NAME_NOT_FOUND` (17): votequorum knows no such node (`quorumtool -n N -v V`).
    public static let nameNotFound = IPCStatus(rawValue: 17)
    /// `CS_ERR_NOT_SUPPORTED` (19): unknown request kind, or a call the daemon's configuration
    /// does not provide (votequorum calls without votequorum).
    public static let notSupported = IPCStatus(rawValue: 19)
    /// `CS_ERR_MESSAGE_ERROR` (22): the body is malformed (truncated, trailing bytes, bad UTF-8).
    public static let messageError = IPCStatus(rawValue: 22)
    /// `CS_ERR_TOO_BIG` (26): the frame exceeds ``IPCProtocol/maximumLength``.
    public static let tooBig = IPCStatus(rawValue: 26)

    /// corosync's symbolic name (`CS_OK` for 0), as `corosync-cmapctl` prints errors.
    public var name: String {
        switch rawValue {
        case 0: return "CS_OK"
        case 2: return "CS_ERR_LIBRARY"
        case 3: return "CS_ERR_VERSION"
        case 4: return "CS_ERR_INIT"
        case 5: return "CS_ERR_TIMEOUT"
        case 6: return "CS_ERR_TRY_AGAIN"
        case 7: return "CS_ERR_INVALID_PARAM"
        case 8: return "CS_ERR_NO_MEMORY"
        case 9: return "CS_ERR_BAD_HANDLE"
        case 10: return "CS_ERR_BUSY"
        case 11: return "CS_ERR_ACCESS"
        case 12: return "CS_ERR_NOT_EXIST"
        case 13: return "CS_ERR_NAME_TOO_LONG"
        case 14: return "CS_ERR_EXIST"
        case 15: return "CS_ERR_NO_SPACE"
        case 16: return "CS_ERR_INTERRUPT"
        case 17: return "CS_ERR_NAME_NOT_FOUND"
        case 18: return "CS_ERR_NO_RESOURCES"
        case 19: return "CS_ERR_NOT_SUPPORTED"
        case 22: return "CS_ERR_MESSAGE_ERROR"
        case 26: return "CS_ERR_TOO_BIG"
        default: return "CS_ERR_\(rawValue)"
        }
    }

    /// The symbolic name.
    public var description: String { name }
}
