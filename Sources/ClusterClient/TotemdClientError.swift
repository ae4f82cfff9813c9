import ClusterIPC

/// Why a call to totemd failed.
public enum TotemdClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No daemon listens at `socketPath` (the file is missing or refuses connections).
    case notRunning(socketPath: String)
    /// Connecting failed for another reason (`errno`), e.g. permission denied on the socket.
    case connectFailed(socketPath: String, errno: Int32)
    /// The daemon did not answer within the timeout.
    case timedOut
    /// The daemon closed the connection before replying.
    case disconnected
    /// The daemon's bytes were not a valid reply.
    case malformedReply(IPCError)
    /// The daemon answered with an error status.
    case failed(IPCStatus, message: String)

    /// The corosync error code a tool reports for this failure (`CS_ERR_LIBRARY` when the
    /// daemon cannot be reached, as libcfg's initialize).
    public var status: IPCStatus {
        switch self {
        case .notRunning, .connectFailed, .timedOut, .disconnected: return .library
        case .malformedReply: return .messageError
        case .failed(let status, _): return status
        }
    }

    /// True when the failure happened before a connection was made.
    public var isConnectFailure: Bool {
        switch self {
        case .notRunning, .connectFailed: return true
        case .timedOut, .disconnected, .malformedReply, .failed: return false
        }
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notRunning(let path): return "totemd is not running (no socket at \(path))"
        case .connectFailed(let path, let code): return "cannot connect to \(path): errno \(code)"
        case .timedOut: return "totemd did not answer in time"
        case .disconnected: return "totemd closed the connection"
        case .malformedReply(let error): return "malformed reply: \(error)"
        case .failed(let status, let message): return "\(status.name): \(message)"
        }
    }
}
