import CMap
import Logging
import Synchronization
import Totem

extension ClusterNode {
    /// `cfgtool -R`: multicasts cfg RELOAD_CONFIG so that every member, stock corosync nodes
    /// included, re-reads its own corosync.conf; returns this node's own result once the ring
    /// has delivered the message and the reload ran here (``ReloadOutcome/timedOut`` after
    /// `timeout` without delivery).
    public func reloadConfiguration(timeout: Duration = .seconds(30)) async -> ReloadOutcome {
        let token = reloadWaiters.makeToken()
        let message = ServiceMessages.reloadConfig(from: configuration.localNode.nodeID, token: token)
        let sender = Mutex<Task<Void, Never>?>(nil)
        let outcome = await withCheckedContinuation { continuation in
            reloadWaiters.wait(token, continuation)
            let task = Task {
                do {
                    try await submit(message, group: GroupHeader.services, guarantee: .safe)
                } catch {
                    reloadWaiters.resume(token, with: .refused("cannot multicast the reload request: \(error)"))
                    return
                }
                // Cancelled as soon as the outcome arrived; otherwise the request timed out.
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                reloadWaiters.resume(token, with: .timedOut)
            }
            sender.withLock { $0 = task }
        }
        sender.withLock { $0?.cancel() }
        return outcome
    }

    /// Re-reads ``configurationFile``, validates it completely, and applies what may change at
    /// runtime (nodes added or removed, totem timers, votequorum's expected votes, votes and
    /// two_node with its NODEINFO, cmap's configuration keys and `runtime.config.totem.*`), or
    /// nothing at all; logs the outcome as corosync does.
    func performReload() async -> ReloadOutcome {
        var log = logger
        log[metadataKey: "subsys"] = "CFG"
        cmap.update([("config.reload_in_progress", .uint8(1))])
        let outcome = await reloadNow(log: log)
        let status: Int32 = outcome == .applied ? 1 : 7  // CS_OK, CS_ERR_INVALID_PARAM
        cmap.update([("config.reload_in_progress", .uint8(0)), ("config.reload_status", .int32(status))])
        return outcome
    }

    private func reloadNow(log: Logger) async -> ReloadOutcome {
        guard let file = configurationFile else {
            log.error("Unable to reload config file: this node was started without a configuration file")
            return .refused("this node was started without a configuration file")
        }
        let running = configuration
        let plan: ConfigReloadPlan
        do throws(ConfigReloadError) {
            let text: String
            do throws(ConfigError) { text = try ConfigFile.read(file) } catch { throw .invalid(error) }
            plan = try ConfigReload.plan(
                running: running, text: text, file: file, resolver: SystemResolver(),
                localAddresses: SystemLocalAddresses())
        } catch {
            log.error("Unable to reload config file: \(error)")
            return .refused("\(error)")
        }
        if plan.nodelistChanged {
            do throws(SocketError) {
                try await ring.setPeers(TotemRingOptions(config: plan.configuration, stateDirectory: nil).peers)
            } catch {
                log.error("Unable to reload config file: the new nodelist cannot be applied: \(error)")
                return .refused("the new nodelist cannot be applied: \(error)")
            }
        }
        let effects: [EngineEffect]
        do throws(EngineReloadError) {
            effects = try engine.withLock { core throws(EngineReloadError) in try core.reload(from: running, to: plan.configuration) }
        } catch {
            if plan.nodelistChanged {
                try? await ring.setPeers(TotemRingOptions(config: running, stateDirectory: nil).peers)
            }
            log.error("Unable to reload config file: \(error)")
            return .refused("\(error)")
        }
        logNodelistChange(plan)
        for key in plan.keptKeys {
            log.notice("Modified entry '\(key)' in corosync.conf cannot be changed at run-time")
        }
        currentConfiguration.withLock { $0 = plan.configuration }
        // votequorum publishes the re-read two_node right away (corosync's update_two_node).
        if let state = engine.withLock({ $0.quorumState }) { publishVoteQuorumKeys(state) }
        if plan.timersChanged { await ring.setParameters(plan.configuration.parameters) }
        publishConfiguration(old: running, new: plan.configuration)
        if plan.loggingChanged { applyLogging(plan.configuration.logging, log: log) }
        memberKeys.withLock { $0.reload(configuration: plan.configuration) }
        if plan.isEmpty {
            log.notice("Configuration reloaded: nothing changed")
        } else {
            log.notice("Configuration reloaded: \(plan.changedKeys.joined(separator: ", "))")
        }
        do {
            try await apply(effects)
        } catch {
            log.error("Configuration reloaded, but votequorum's messages could not be sent: \(error)")
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
        var log = logger
        log[metadataKey: "subsys"] = "TOTEM"
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
