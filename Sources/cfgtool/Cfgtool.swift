import ArgumentParser
import ClusterClient
import ClusterIPC
import Glibc

/// `cfgtool`: totemd's `corosync-cfgtool` (ring status, node list, configuration reload, kill
/// node, shutdown, reopening the log files).
///
/// Exit status as corosync-cfgtool: 0 success (also for the usage text), 1 when totemd cannot be
/// reached or a call fails, 1 for a bad option; `-R` exits with the numeric cs_error of a
/// refused reload (7 for `CS_ERR_INVALID_PARAM`) and `-L` of a refused reopen (2 for
/// `CS_ERR_LIBRARY`); `-k` exits 1 when refused; `-H` exits 0 even
/// when refused, as corosync-cfgtool 3.1.7 does (the error is printed).
@main
struct Cfgtool: OperatorTool {
    static let configuration = CommandConfiguration(
        commandName: "cfgtool",
        abstract: "A tool for displaying and configuring active parameters within totemd.")

    @Flag(name: .customShort("s"), help: "Displays the status of the current links on this node.")
    var status = false

    @Flag(name: .customShort("n"), help: "Displays the status of the connected nodes and their links.")
    var nodes = false

    @Flag(name: .customShort("b"), help: "Displays the brief status of the current links on this node when used with -s.")
    var brief = false

    @Flag(name: [.customShort("R"), .customLong("reload")], help: "Tell all instances of totemd and corosync in this cluster to reload corosync.conf.")
    var reload = false

    @Option(name: .customShort("a"), help: ArgumentHelp("Display the IP address(es) of a node.", valueName: "nodeid"))
    var addressOf: Int64?

    @Option(name: [.customShort("k"), .customLong("kill")], parsing: .unconditional, help: ArgumentHelp("Kill a node identified by node id.", valueName: "nodeid"))
    var killNodeID: String?

    @Flag(name: [.customShort("H"), .customLong("shutdown")], help: "Shutdown totemd cleanly on this node.")
    var shutdown = false

    @Flag(name: [.customShort("L"), .customLong("reopen")], help: "Tell totemd to reopen all logging files.")
    var reopen = false

    @Flag(name: .customLong("force"), help: "With -H: shut down regardless of daemon vetos.")
    var force = false

    @Flag(name: .customLong("json"), help: "Print -s or -n as one JSON object (for scripts).")
    var json = false

    @Option(name: .customLong("run-dir"), help: ArgumentHelp("totemd's run directory (its IPC socket is <dir>/totemd.sock).", valueName: "dir"))
    var runDirectory = IPCProtocol.defaultRunDirectory

    /// Runs the last action given, as corosync-cfgtool does, and returns the exit status.
    func execute() -> Int32 {
        // corosync-cfgtool runs only the last action given (its getopt loop overwrites it).
        let last = ShortOptionOrder.last(
            of: ["s", "n", "R", "k", "H", "L", "a"], valued: ["a", "k", "i", "r"], in: Array(CommandLine.arguments.dropFirst()))
        switch last {
        case "R" where reload: return reloadConfiguration()
        case "k": if let killNodeID { return killNode(killNodeID) }
        case "H" where shutdown: return shutdownDaemon()
        case "L" where reopen: return reopenLogFiles()
        case "s" where status: return show(status: true, nodes: false, addressOf: nil)
        case "n" where nodes: return show(status: false, nodes: true, addressOf: nil)
        case "a": if let addressOf { return show(status: false, nodes: false, addressOf: addressOf) }
        default: break
        }
        if reload { return reloadConfiguration() }
        if let killNodeID { return killNode(killNodeID) }
        if shutdown { return shutdownDaemon() }
        if reopen { return reopenLogFiles() }
        return show(status: status, nodes: nodes, addressOf: addressOf)
    }

    /// `-s`, `-n` and `-a` (each printed when asked for), or the usage when none is.
    func show(status: Bool, nodes: Bool, addressOf: Int64?) -> Int32 {
        guard status || nodes || addressOf != nil else {
            print(Cfgtool.helpMessage(), terminator: "")
            return 0
        }
        if let addressOf, !(1...Int64(UInt32.max)).contains(addressOf) {
            Cfgtool.writeError("The nodeid was not valid, try a positive number")
            return 1
        }
        let client = TotemdClient(runDirectory: runDirectory)
        var operation = "the ring status"
        do throws(TotemdClientError) {
            if status {
                let info = try client.ringStatus()
                let text = json ? CfgtoolFormatter.statusJSON(info) : brief ? CfgtoolFormatter.briefStatus(info) : CfgtoolFormatter.status(info)
                print(text, terminator: "")
            }
            if nodes {
                operation = "the node status"
                let info = try client.nodeList()
                print(json ? CfgtoolFormatter.nodesJSON(info) : CfgtoolFormatter.nodes(info), terminator: "")
            }
            if let addressOf {
                operation = "the node addresses"
                guard let text = CfgtoolFormatter.addresses(of: UInt32(addressOf), in: try client.nodeList()) else {
                    Cfgtool.writeError("Could not get node address for nodeid \(addressOf)")
                    return 1
                }
                print(text, terminator: "")
            }
            return 0
        } catch {
            Cfgtool.writeError(CfgtoolFormatter.errorMessage(error, operation: operation))
            return 1
        }
    }

    /// `-R`, with corosync-cfgtool's words: `Reloading corosync.conf...`, then `Done`, or
    /// `Could not reload configuration. Error CS_ERR_…` on stderr and that error's number as
    /// the exit status (an unreachable daemon: ``callReportingFailure(_:timeout:failure:)``).
    func reloadConfiguration() -> Int32 {
        print("Reloading corosync.conf...")
        let status = callReportingFailure(.reloadConfig, timeout: .seconds(25), failure: "Could not reload configuration")
        if status == 0 { print("Done") }
        return status
    }

    /// Runs `request` the way corosync-cfgtool runs `-R` and `-L`: 0 on success; an unreachable
    /// daemon gives the initialize error in its symbolic form (`… error CS_ERR_LIBRARY`), exit 1;
    /// a refusal prints `<failure>. Error CS_ERR_…` and the reason, exit status the error's number.
    func callReportingFailure(_ request: IPCRequest, timeout: Duration = .seconds(5), failure: String) -> Int32 {
        do throws(TotemdClientError) {
            _ = try TotemdClient(runDirectory: runDirectory, timeout: timeout).call(request)
            return 0
        } catch {
            if error.isConnectFailure {
                Cfgtool.writeError(CfgtoolFormatter.symbolicInitializeError(error))
                return 1
            }
            Cfgtool.writeError("\(failure). Error \(error.status.name)")
            if case .failed(_, let message) = error { Cfgtool.writeError(message) }
            return Int32(error.status.rawValue)
        }
    }
}
