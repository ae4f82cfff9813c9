import ClusterIPC
import NodeCore

extension NodeAdminError {
    /// The status the IPC reply carries.
    public var status: IPCStatus {
        switch self {
        case .notMember: return .notExist
        case .reasonTooLong: return .nameTooLong
        case .shutdownInProgress: return .exist
        case .ringUnavailable: return .tryAgain
        case .logFile: return .library
        }
    }
}
