import ClusterIPC
import Logging
import NodeCore
import Totem

extension ClusterNode: IPCNodeAdmin {
    /// `cfgtool -k`: multicasts cfg KILLNODE (safe order) so that node `nodeID`, ours or a stock
    /// corosync, logs `Killed by node <us> : <reason>` and exits; returns once it is queued.
    /// Like corosync, only a member of the current ring may be killed (this node included).
    /// - Throws: ``NodeAdminError/notMember(_:)``, ``NodeAdminError/reasonTooLong(_:)``,
    ///   ``NodeAdminError/ringUnavailable(_:)``.
    public func killNode(_ nodeID: NodeID, reason: String) async throws(NodeAdminError) {
        try await request(stopped: .ringUnavailable("the node is not running")) { core, now throws(NodeAdminError) in
            try core.killNode(nodeID, reason: reason, now: now)
        }
    }

    /// `cfgtool -H [--force]`: multicasts cfg SHUTDOWN (safe order); when the ring delivers it
    /// back, every member logs `Node <us> was shut down by sysadmin` and this node leaves the
    /// ring as on SIGTERM, so ``run()`` returns and totemd exits 0. No client can veto it
    /// (totemd has no shutdown trackers), so both flags go down at once; if the message is not
    /// delivered within 5 seconds, the node leaves anyway (the core's timer).
    /// - Throws: ``NodeAdminError/shutdownInProgress`` for a second request.
    public func requestShutdown(_ flag: ShutdownFlag) async throws(NodeAdminError) {
        // corosync's words; no tracker can vote here, so both counts are 0 and it goes down.
        log("CFG").debug("shutdown decision is: (yes count: 0, no count: 0) flags=\(String(flag.rawValue, radix: 16))")
        try await request(stopped: .shutdownInProgress) { core, now throws(NodeAdminError) in
            try core.requestShutdown(now: now)
        }
    }

    /// `cfgtool -L` (logrotate's postrotate): closes the log file and opens it again at its
    /// configured path, so lines go to a new file once the old one was renamed. Without a log
    /// file there is nothing to reopen and the call succeeds, as on corosync.
    /// - Throws: ``NodeAdminError/logFile(_:)`` when the path cannot be opened (the old file
    ///   stays in use).
    public func reopenLogFiles() throws(NodeAdminError) {
        let log = log("CFG")
        log.debug("Reopening logging files")
        guard let logOutputs else { return }
        do throws(LogFileError) {
            try logOutputs.reopen()
        } catch {
            log.error("Unable to reopen log file \(error.path): \(error.reason) (\(error.code))")
            throw .logFile(error.description)
        }
    }
}
