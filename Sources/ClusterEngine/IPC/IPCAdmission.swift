import ClusterIPC
import Glibc
import Logging
import NIOCore

/// Decides at accept, on the new socket's event loop, whether a peer is served: its credentials
/// (SO_PEERCRED) must be allowed (root, `allowedUIDs` or the cmap `uidgid` keys) and a slot must
/// be free under the ``IPCConnectionLimits``. A refused peer costs no task; it is sent
/// `CS_ERR_ACCESS` or `CS_ERR_TRY_AGAIN` unasked and closed at once, or (at most 32 at a time)
/// once its request arrives or 500 ms have passed (``IPCRefusalHandler``).
/// Refusals are logged at most once per uid per interval (``IPCRefusalLog``).
struct IPCAdmission: Sendable {
    let allowedUIDs: Set<UInt32>
    let cmap: CMapService?
    let limits: IPCConnectionLimits
    let refusals: IPCRefusalLog
    /// Refused connections that may wait for their peer's request (``IPCRefusalHandler``).
    let lingering = IPCRefusalHandler.Slots(capacity: 32)
    /// Admitted sockets waiting for the server's accept loop.
    let pending: IPCPendingConnections
    let logger: Logger

    /// The listener's child channel initializer.
    func accept(_ channel: any Channel) -> EventLoopFuture<IPCAccepted> {
        guard let options = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeCompletedFuture { try refuse(channel, frame: nil) }
        }
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } (Glibc hides the type itself).
        let credentials: EventLoopFuture<(Int32, UInt32, UInt32)> = options.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.flatMapThrowing { peer in
            try admit(channel, pid: peer.0, uid: peer.1, gid: peer.2)
        }.flatMapError { error in
            logger.debug("IPC client dropped: no credentials", metadata: ["ipc.error": "\(error)"])
            return channel.eventLoop.makeCompletedFuture { try refuse(channel, frame: nil) }
        }
    }

    private func admit(_ channel: any Channel, pid: Int32, uid: UInt32, gid: UInt32) throws -> IPCAccepted {
        guard allowedUIDs.contains(uid) || cmap?.allows(uid: uid, gid: gid) == true else {
            note("IPC client refused: uid not allowed", level: .info, pid: pid, uid: uid)
            let frame = IPCServerSession.refusal(.access, message: IPCServerSession.accessDeniedMessage)
            return try refuse(channel, frame: frame)
        }
        if let refusal = limits.admit(uid: uid) {
            let limit = refusal == .perUID ? "\(limits.maxPerUID) per uid" : "\(limits.maxTotal) in all"
            note("IPC client refused: too many connections (\(limit))", level: .warning, pid: pid, uid: uid)
            let frame = IPCServerSession.refusal(.tryAgain, message: "too many connections (\(limit))")
            return try refuse(channel, frame: frame)
        }
        let connection = IPCPendingConnection(channel: channel, uid: uid, gid: gid, pid: pid)
        guard pending.register(connection) else {
            // The server is stopping: nobody will serve this peer.
            limits.release(uid: uid)
            channel.close(promise: nil)
            return .refused
        }
        return .served(connection)
    }

    /// Has the channel write `frame` and close once it is registered and active.
    private func refuse(_ channel: any Channel, frame: [UInt8]?) throws -> IPCAccepted {
        try channel.pipeline.syncOperations.addHandler(IPCRefusalHandler(frame: frame, slots: lingering))
        // Accepted with autoRead off (IPCPendingConnections): a lingering refusal reads the peer.
        try channel.syncOptions?.setOption(.autoRead, value: true)
        return .refused
    }

    private func note(_ message: Logger.Message, level: Logger.Level, pid: Int32, uid: UInt32) {
        guard let suppressed = refusals.shouldLog(uid: uid) else { return }
        var metadata: Logger.Metadata = ["ipc.peer_pid": "\(pid)", "ipc.peer_uid": "\(uid)"]
        if suppressed > 0 { metadata["ipc.suppressed"] = "\(suppressed)" }
        logger.log(level: level, message, metadata: metadata)
    }
}
