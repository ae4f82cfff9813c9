import ClusterIPC
import Logging
import Totem

/// What the IPC server needs to serve `cfgtool -k`, `-H` and `-L`: implemented by
/// ``ClusterNode`` and test doubles; without one these calls get `CS_ERR_NOT_SUPPORTED`.
public protocol IPCNodeAdmin: Sendable {
    /// Multicasts cfg KILLNODE for `nodeID` with `reason`; returns once it is queued.
    /// - Throws: ``NodeAdminError``.
    func killNode(_ nodeID: NodeID, reason: String) async throws(NodeAdminError)
    /// Shuts this node down (cfg SHUTDOWN, then a LEAVE); returns once the shutdown is under way.
    /// - Throws: ``NodeAdminError``.
    func requestShutdown(_ flag: ShutdownFlag) async throws(NodeAdminError)
    /// Closes and reopens this node's log files at their configured paths (nothing to do
    /// without any).
    /// - Throws: ``NodeAdminError/logFile(_:)``.
    func reopenLogFiles() throws(NodeAdminError)
}

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

extension IPCServer {
    /// Answers ``IPCRequest/killNode(nodeID:reason:)``, ``IPCRequest/shutdown(_:)`` and
    /// ``IPCRequest/reopenLogFiles``.
    func answerAdmin(_ request: IPCRequest) async -> IPCReply {
        guard let admin else { return .failure(.notSupported, message: "this server cannot kill nodes, shut down or reopen logs") }
        do throws(NodeAdminError) {
            switch request {
            case .killNode(let node, let reason):
                try await admin.killNode(NodeID(node), reason: reason)
            case .shutdown(let flag):
                try await admin.requestShutdown(flag)
            case .reopenLogFiles:
                try admin.reopenLogFiles()
            case .ringStatus, .nodeList, .quorumStatus, .setExpectedVotes, .setVotes, .cmap, .trackQuorum,
                .stopQuorumTracking, .cancelWaitForAll, .reloadConfig:
                return .failure(.notSupported, message: "not a cfg administration request")
            }
            logger.notice("cfg request done", metadata: ["ipc.request": "\(request)"])
            return .done
        } catch {
            logger.notice("cfg request refused", metadata: ["ipc.request": "\(request)", "ipc.error": "\(error)"])
            return .failure(error.status, message: error.description)
        }
    }
}
