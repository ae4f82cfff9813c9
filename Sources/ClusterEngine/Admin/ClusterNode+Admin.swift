import ClusterIPC
import Logging
import Synchronization
import Totem

extension ClusterNode {
    /// `cfgtool -k`: multicasts cfg KILLNODE (safe order) so that node `nodeID`, ours or a stock
    /// corosync, logs `Killed by node <us> : <reason>` and exits; returns once it is queued.
    /// Like corosync, only a member of the current ring may be killed (this node included).
    /// - Throws: ``NodeAdminError/notMember(_:)``, ``NodeAdminError/reasonTooLong(_:)``,
    ///   ``NodeAdminError/ringUnavailable(_:)``.
    public func killNode(_ nodeID: NodeID, reason: String) async throws(NodeAdminError) {
        let length = reason.utf8.count
        guard length <= ServiceMessages.killNodeReasonLimit else { throw .reasonTooLong(length) }
        guard ring.status.members.contains(nodeID) else { throw .notMember(nodeID) }
        do {
            try await submit(ServiceMessages.killNode(nodeID, reason: reason), group: GroupHeader.services, guarantee: .safe)
        } catch {
            throw .ringUnavailable("\(error)")
        }
    }

    /// `cfgtool -H [--force]`: multicasts cfg SHUTDOWN (safe order); when the ring delivers it
    /// back, every member logs `Node <us> was shut down by sysadmin` and this node leaves the
    /// ring as on SIGTERM, so ``run()`` returns and totemd exits 0. No client can veto it
    /// (totemd has no shutdown trackers), so both flags go down at once; if the message cannot
    /// be multicast, or is not delivered within `fallback`, the node leaves anyway.
    /// - Throws: ``NodeAdminError/shutdownInProgress`` for a second request.
    public func requestShutdown(_ flag: ShutdownFlag) async throws(NodeAdminError) {
        try await requestShutdown(flag, fallback: .seconds(5))
    }

    func requestShutdown(_ flag: ShutdownFlag, fallback: Duration) async throws(NodeAdminError) {
        let first = shutdownStarted.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { throw .shutdownInProgress }
        var log = logger
        log[metadataKey: "subsys"] = "CFG"
        // corosync's words; no tracker can vote here, so both counts are 0 and it goes down.
        log.debug("shutdown decision is: (yes count: 0, no count: 0) flags=\(String(flag.rawValue, radix: 16))")
        do {
            try await submit(ServiceMessages.shutdown(), group: GroupHeader.services, guarantee: .safe)
        } catch {
            leaveForShutdown()
            return
        }
        Task { [weak self] in
            guard (try? await Task.sleep(for: fallback)) != nil else { return }
            self?.leaveForShutdown()
        }
    }

    /// `cfgtool -L` (logrotate's postrotate): closes the log file and opens it again at its
    /// configured path, so lines go to a new file once the old one was renamed. Without a log
    /// file there is nothing to reopen and the call succeeds, as on corosync.
    /// - Throws: ``NodeAdminError/logFile(_:)`` when the path cannot be opened (the old file
    ///   stays in use).
    public func reopenLogFiles() throws(NodeAdminError) {
        var log = logger
        log[metadataKey: "subsys"] = "CFG"
        log.debug("Reopening logging files")
        guard let logOutputs else { return }
        do throws(LogFileError) {
            try logOutputs.reopen()
        } catch {
            log.error("Unable to reopen log file \(error.path): \(error.reason) (\(error.code))")
            throw .logFile(error.description)
        }
    }

    /// Leaves the ring (a LEAVE, so the others re-form at once); the ring then stops and
    /// ``run()`` returns. Repeated calls do nothing once the ring stopped.
    func leaveForShutdown() {
        Task { [ring] in await ring.leave() }
    }
}
