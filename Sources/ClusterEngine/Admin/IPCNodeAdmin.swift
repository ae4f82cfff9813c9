import ClusterIPC
import Logging
import NodeCore
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

extension IPCServer {
    /// Answers ``IPCRequest/killNode(nodeID:reason:)``, ``IPCRequest/shutdown(_:)`` and
    /// ``IPCRequest/reopenLogFiles``.
    func answerAdmin(_ request: IPCRequest) async -> IPCReply {
        guard let admin else {
            return .failure(.notSupported, message: "this server cannot kill nodes, shut down or reopen logs")
        }
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
