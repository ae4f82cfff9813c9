import ArgumentParser
import ClusterEngine
import CorosyncFormat
import Foundation
import Logging
import ServiceLifecycle
import Totem
import TotemRuntime
import UnixSignals
import VoteQuorum

#if canImport(Glibc)
import Glibc
#endif

/// `totemd`: the cluster engine daemon, the role of `corosync`.
///
/// Exit status: 0 normal, 8 bad main configuration or a `logging.logfile` that cannot be opened,
/// 7 bad logging value (as corosync), 1 when the node cannot start (address not local, port
/// taken, state directory not writable).
@main
struct Totemd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totemd",
        abstract: "Corosync-compatible cluster engine.",
        discussion: """
            Runs a node from an unchanged corosync.conf (udpu). totemd never forks: -f is accepted \
            for compatibility and it always stays in the foreground (run it as a simple service). \
            SIGTERM and SIGINT make it leave the ring cleanly.
            """)

    @Option(name: .customShort("c"), help: ArgumentHelp("The configuration file.", valueName: "file"))
    var configFile = "/etc/corosync/corosync.conf"

    @Flag(name: .customShort("f"), help: "Stay in the foreground (always the case).")
    var foreground = false

    @Flag(name: .customShort("t"), help: "Validate the configuration (-c) and exit, like corosync -t.")
    var testConfig = false

    @Option(
        name: .customLong("check-config"),
        help: ArgumentHelp("Validate this corosync.conf, print the effective values, and exit.", valueName: "file"))
    var checkConfig: String?

    @Option(name: .customLong("nodeid"), help: "The local node's id (instead of finding it by name or address).")
    var nodeID: UInt32?

    @Option(
        name: .customLong("run-dir"),
        help: ArgumentHelp(
            "Directory for the IPC socket and state files (default /run/totemd and the config's system.state_dir, /var/lib/corosync).",
            valueName: "dir"))
    var runDirectory: String?

    @Flag(
        name: .customLong("no-libqb"),
        help: "Do not serve stock corosync clients (corosync-cmapctl) through libqb on @cmap.")
    var noLibQB = false

    @Flag(
        name: .customLong("demo"),
        help: "Start a three-node ring on 127.0.0.1-3 in this process, order a few messages, and stop.")
    var demo = false

    func run() async throws {
        if demo {
            let agreed = try await RingDemo.run { print($0, terminator: "") }
            if !agreed { throw ExitCode(1) }
            return
        }
        let config = try loadConfig(checkConfig ?? configFile)
        if checkConfig != nil {
            print(CmapDump.checkConfigReport(config), terminator: "")
            return
        }
        if testConfig { return }
        let outputs = openLogOutputs(config.logging)
        LoggingSystem.bootstrap { _ in LogOutputsHandler(outputs: outputs) }
        let logger = Logger(label: "totemd")
        DescriptorLimit.raise(logger: logger)
        let stateDirectory = runDirectory ?? config.source["system.state_dir"]?.value ?? "/var/lib/corosync"
        let node: ClusterNode
        do {
            let ipc = IPCServerConfiguration(
                runDirectory: runDirectory ?? IPCServerConfiguration().runDirectory, corosyncClients: !noLibQB)
            node = try ClusterNode(
                configuration: config, stateDirectory: stateDirectory, ipc: ipc, logger: logger,
                configurationFile: configFile,
                logOutputs: outputs)
        } catch let error as VoteQuorumConfigurationError {
            // corosync: "Service engine 'corosync_quorum' failed to load ...", exit status 20.
            fail("configuration error: \(error)", status: 20)
        } catch {
            fail("Corosync-compatible node cannot be prepared: \(error)", status: 1)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // The node returns on its own after `cfgtool -H` (it left the ring): exit 0 then.
                services: [.init(service: node, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        var main = logger
        main[metadataKey: "subsys"] = "MAIN"
        do {
            try await group.run()
            // corosync's last line after a signal, `cfgtool -H` or a kill by another node.
            main.notice("Corosync Cluster Engine exiting normally")
        } catch {
            // Logged too, so that the real cause (e.g. "cannot store ring id: ...") reaches the
            // log file and syslog, not only a standard error nobody may be reading.
            main.critical("Cluster engine exiting: \(error)")
            fail("Cluster engine exiting: \(error)", status: 1)
        }
    }

    /// The outputs of the `logging` section: stderr, syslog and the file of `to_logfile: yes
    /// logfile: <path>` (global settings; to_logfile without a `logfile` is accepted, as corosync
    /// accepts it, and logs to no file), filtered per destination and subsystem. A file that
    /// cannot be opened stops the daemon (status 8).
    func openLogOutputs(_ logging: LoggingConfig) -> LogOutputs {
        do throws(LogFileError) {
            return try LogOutputs(logging)
        } catch {
            fail("\(error)", status: 8)
        }
    }

    func loadConfig(_ path: String) throws -> TotemConfig {
        do throws(ConfigError) {
            return try ConfigFile.load(path, nodeID: nodeID.map { NodeID($0) })
        } catch {
            fail("\(error)", status: error.exitStatus)
        }
    }

    func fail(_ message: String, status: Int32) -> Never {
        var line = message + "\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
        Glibc.exit(status)
    }
}
