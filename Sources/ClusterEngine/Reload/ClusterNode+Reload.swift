import CMap
import Logging
import NodeCore
import Synchronization
import Totem
import TotemRuntime

extension ClusterNode {
    /// `cfgtool -R`: multicasts cfg RELOAD_CONFIG so that every member, stock corosync nodes
    /// included, re-reads its own corosync.conf; returns this node's own result once the ring
    /// has delivered the message and the reload ran here (``ReloadOutcome/timedOut`` after
    /// `timeout` without delivery).
    public func reloadConfiguration(timeout: Duration = .seconds(30)) async -> ReloadOutcome {
        let token = reloadWaiters.makeToken()
        do throws(NodeAdminError) {
            try await request(stopped: .ringUnavailable("the node is not running")) {
                core, now throws(NodeAdminError) in
                try core.requestReload(token: token, now: now)
            }
        } catch {
            return .refused("cannot multicast the reload request: \(error)")
        }
        return await withTaskGroup(of: ReloadOutcome?.self) { group in
            group.addTask { await self.reloadWaiters.wait(token) }
            group.addTask {
                // Cancelled as soon as the outcome arrived; otherwise the request timed out.
                guard (try? await Task.sleep(for: timeout)) != nil else { return nil }
                self.reloadWaiters.resume(token, with: .timedOut)
                return nil
            }
            var outcome = ReloadOutcome.timedOut
            if let first = await group.next(), let first { outcome = first }
            group.cancelAll()
            reloadWaiters.forget(token)
            return outcome
        }
    }

    /// Re-reads ``configurationFile``, validates it completely, and applies what may change at
    /// runtime (nodes added or removed, totem timers, votequorum's expected votes, votes and
    /// two_node with its NODEINFO, cmap's configuration keys and `runtime.config.totem.*`), or
    /// nothing at all; logs the outcome as corosync does.
    func performReload() async -> ReloadOutcome {
        let log = log("CFG")
        cmap.update([("config.reload_in_progress", .uint8(1))])
        let outcome = await reloadNow(log: log)
        let status: Int32 = outcome == .applied ? 1 : 7  // CS_OK, CS_ERR_INVALID_PARAM
        cmap.update([("config.reload_in_progress", .uint8(0)), ("config.reload_status", .int32(status))])
        return outcome
    }

    private enum ReloadFailure: Error {
        case nodelist(SocketError)
        case engine(EngineReloadError)
    }

    private func reloadNow(log: Logger) async -> ReloadOutcome {
        guard let file = configurationFile else {
            log.error("Unable to reload config file: this node was started without a configuration file")
            return .refused("this node was started without a configuration file")
        }
        let running = configuration
        let plan: ConfigReloadPlan
        do throws(ConfigReloadError) {
            let bytes: [UInt8]
            do throws(ConfigError) { bytes = try ConfigFile.read(file) } catch { throw .invalid(error) }
            plan = try ConfigReload.plan(
                running: running, bytes: bytes, file: file, resolver: SystemResolver(),
                localAddresses: SystemLocalAddresses())
        } catch {
            log.error("Unable to reload config file: \(error)")
            return .refused("\(error)")
        }
        let peers =
            plan.nodelistChanged ? TotemRingOptions(config: plan.configuration, stateDirectory: nil).peers : nil
        let oldPeers = TotemRingOptions(config: running, stateDirectory: nil).peers
        let applied: Result<Void, ReloadFailure>
        do throws(RingStoppedError) {
            applied = try await runtime.performWithTransport { core, now, effects, transport in
                if let peers, let error = transport.setPeers(peers) { return .failure(.nodelist(error)) }
                do throws(EngineReloadError) {
                    effects += try core.applyReload(running: running, reloaded: plan.configuration, now: now)
                    return .success(())
                } catch {
                    if peers != nil { _ = transport.setPeers(oldPeers) }
                    return .failure(.engine(error))
                }
            }
        } catch {
            return .refused("the node is not running")
        }
        switch applied {
        case .success: break
        case .failure(.nodelist(let error)):
            log.error("Unable to reload config file: the new nodelist cannot be applied: \(error)")
            return .refused("the new nodelist cannot be applied: \(error)")
        case .failure(.engine(let error)):
            log.error("Unable to reload config file: \(error)")
            return .refused("\(error)")
        }
        logNodelistChange(plan)
        for key in plan.keptKeys {
            log.notice("Modified entry '\(key)' in corosync.conf cannot be changed at run-time")
        }
        currentConfiguration.withLock { $0 = plan.configuration }
        publishConfiguration(old: running, new: plan.configuration)
        if plan.loggingChanged { applyLogging(plan.configuration.logging, log: log) }
        if plan.isEmpty {
            log.notice("Configuration reloaded: nothing changed")
        } else {
            log.notice("Configuration reloaded: \(plan.changedKeys.joined(separator: ", "))")
        }
        return .applied
    }

    /// Re-runs the logging configuration as corosync does on a reload: priorities, debug,
    /// subsystems, timestamp and destinations; a new `logfile` is opened. A file that cannot be
    /// opened is logged and the previous logging stays in force (the reload itself stands).
    private func applyLogging(_ logging: LoggingConfig, log: Logger) {
        guard let logOutputs else { return }
        do throws(LogFileError) {
            try logOutputs.apply(logging)
        } catch {
            log.error("Unable to reload logging configuration: \(error)")
        }
    }

    /// Logs the nodes the ring now reaches or no longer reaches, as corosync's udpu transport.
    private func logNodelistChange(_ plan: ConfigReloadPlan) {
        let log = log("TOTEM")
        for node in plan.addedNodes { log.notice("adding new UDPU member {\(node.address)}") }
        for node in plan.removedNodes { log.notice("removing UDPU member {\(node.address)}") }
    }

    /// Replaces the configuration keys of cmap (and `runtime.config.totem.*`) with `new`'s,
    /// deleting the keys the file no longer has.
    func publishConfiguration(old: TotemConfig, new: TotemConfig) {
        let fresh = NodeCMapKeys.configuration(new)
        let freshKeys = Set(fresh.map(\.key))
        var changes: [(key: String, value: CMapValue?)] = NodeCMapKeys.configuration(old)
            .filter { !freshKeys.contains($0.key) }
            .map { ($0.key, nil) }
        changes += fresh.map { ($0.key, $0.value) }
        cmap.update(changes)
    }
}
extension ClusterNode: IPCReloadControl {}
