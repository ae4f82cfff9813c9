/// corosync's `cs_error_t` (`corotypes.h`): the status every response header carries.
/// `ok` is 1, not 0.
public enum CSError: Int32, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `CS_OK`.
    case ok = 1
    /// `CS_ERR_LIBRARY`.
    case library = 2
    /// `CS_ERR_TRY_AGAIN`.
    case tryAgain = 6
    /// `CS_ERR_INVALID_PARAM`.
    case invalidParam = 7
    /// `CS_ERR_NO_MEMORY`.
    case noMemory = 8
    /// `CS_ERR_BAD_HANDLE`.
    case badHandle = 9
    /// `CS_ERR_BUSY`.
    case busy = 10
    /// `CS_ERR_ACCESS`.
    case access = 11
    /// `CS_ERR_NOT_EXIST`.
    case notExist = 12
    /// `CS_ERR_NAME_TOO_LONG`.
    case nameTooLong = 13
    /// `CS_ERR_EXIST`.
    case exist = 14
    /// `CS_ERR_NAME_NOT_FOUND`.
    case nameNotFound = 17
    /// `CS_ERR_NO_RESOURCES`.
    case noResources = 18
    /// `CS_ERR_NOT_SUPPORTED`.
    case notSupported = 19
    /// `CS_ERR_MESSAGE_ERROR`.
    case messageError = 22
    /// `CS_ERR_NO_SECTIONS`: what an iterator answers past its last key.
    case noSections = 27

    /// corosync's name (`CS_OK`, `CS_ERR_NOT_EXIST`, ...), as `cs_strerror` prints it.
    public var description: String {
        switch self {
        case .ok: "CS_OK"
        case .library: "CS_ERR_LIBRARY"
        case .tryAgain: "CS_ERR_TRY_AGAIN"
        case .invalidParam: "CS_ERR_INVALID_PARAM"
        case .noMemory: "CS_ERR_NO_MEMORY"
        case .badHandle: "CS_ERR_BAD_HANDLE"
        case .busy: "CS_ERR_BUSY"
        case .access: "CS_ERR_ACCESS"
        case .notExist: "CS_ERR_NOT_EXIST"
        case .nameTooLong: "CS_ERR_NAME_TOO_LONG"
        case .exist: "CS_ERR_EXIST"
        case .nameNotFound: "CS_ERR_NAME_NOT_FOUND"
        case .noResources: "CS_ERR_NO_RESOURCES"
        case .notSupported: "CS_ERR_NOT_SUPPORTED"
        case .messageError: "CS_ERR_MESSAGE_ERROR"
        case .noSections: "CS_ERR_NO_SECTIONS"
        }
    }
}
