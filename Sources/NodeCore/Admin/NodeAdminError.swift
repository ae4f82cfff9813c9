import Totem

/// Why `cfgtool -k` or `-H` is refused, with the corosync status the tool prints.
public enum NodeAdminError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The node is not a member of the current ring (corosync: `runtime.members.<id>.status`
    /// is not `joined`): `CS_ERR_NOT_EXIST`.
    case notMember(NodeID)
    /// The reason is 256 bytes or longer (corosync's `CS_MAX_NAME_LENGTH`): `CS_ERR_NAME_TOO_LONG`.
    case reasonTooLong(Int)
    /// A shutdown is already under way: `CS_ERR_EXIST`, as corosync answers a second TRYSHUTDOWN.
    case shutdownInProgress
    /// The message could not be multicast: `CS_ERR_TRY_AGAIN`.
    case ringUnavailable(String)
    /// A log file could not be reopened (the reason): `CS_ERR_LIBRARY`, as corosync answers
    /// when libqb cannot reopen one.
    case logFile(String)

    /// The reason, for the reply's message and the log.
    public var description: String {
        switch self {
        case .notMember(let node): return "node \(node) is not a member of the ring"
        case .reasonTooLong(let count): return "the reason is \(count) bytes long; at most 255 are allowed"
        case .shutdownInProgress: return "a shutdown is already in progress"
        case .ringUnavailable(let why): return "cannot multicast: \(why)"
        case .logFile(let why): return why
        }
    }
}
