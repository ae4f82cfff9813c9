import ArgumentParser
import ClusterClient
import ClusterIPC
import Glibc

/// `cmapctl`: totemd's `corosync-cmapctl` (read, change and track a node's cmap).
///
/// Exit status as corosync-cmapctl: 0 on success; 1 for a bad option or value, a failed
/// get/set/delete, printing prefixes none of which matched, or when totemd cannot be reached.
/// With several action options the last one given applies, as in corosync.
@main
struct Cmapctl: OperatorTool {
    static let configuration = CommandConfiguration(
        commandName: "cmapctl",
        abstract: "Access the object database (cmap) of totemd.",
        discussion: """
            Set key:   cmapctl -s key_name type value   (type: i8 u8 i16 u16 i32 u32 i64 u64 flt dbl str bin;
                       for bin, value is a file name or - for stdin; negative numbers need -- before the key)
            Load:      cmapctl -p filename   (lines: [^[^]]<key_name>[ <type> <value>], # comments)
            """)

    @Flag(name: .customShort("b"), help: "Show binary values.")
    var showBinary = false
    @Flag(name: .customShort("g"), help: "Get the given keys.")
    var get = false
    @Flag(name: .customShort("q"), help: "Quiet mode: with -g print only the value.")
    var quiet = false
    @Flag(name: .customShort("s"), help: "Set a key: key_name type value.")
    var set = false
    @Flag(name: .customShort("d"), help: "Delete the given keys.")
    var delete = false
    @Flag(name: .customShort("D"), help: "Delete every key under the given prefixes.")
    var deletePrefix = false
    @Flag(name: .customShort("t"), help: "Track changes of the given keys until \"q\", EOF on stdin or SIGINT.")
    var track = false
    @Flag(name: .customShort("T"), help: "Track changes under the given prefixes.")
    var trackPrefix = false
    @Option(name: .customShort("p"), help: ArgumentHelp("Load settings from a file.", valueName: "filename"))
    var file: String?
    @Option(name: .customShort("m"), help: ArgumentHelp("Select the map: icmap (default) or stats.", valueName: "map"))
    var map: String?
    @Option(name: .customShort("C"), help: ArgumentHelp("Clear statistics (knet, ipc, totem, schedmiss, all).", valueName: "what"))
    var clear: String?
    @Flag(name: .customLong("json"), help: "Print keys (or tracked changes) as JSON.")
    var json = false
    @Option(name: .customLong("run-dir"), help: ArgumentHelp("totemd's run directory (its IPC socket is <dir>/totemd.sock).", valueName: "dir"))
    var runDirectory = IPCProtocol.defaultRunDirectory
    @Argument(help: "Keys or prefixes (or key_name type value for -s).")
    var params: [String] = []


    /// What the command line asks for.
    enum Action { case printAll, printPrefix, get, set, delete, deletePrefix, load, track(prefix: Bool) }

    var action: Action {
        let actions: Set<Character> = ["p", "s", "d", "D", "t", "T", "g"]
        let valued: Set<Character> = ["p", "m", "C"]
        switch ShortOptionOrder.last(of: actions, valued: valued, in: Array(CommandLine.arguments.dropFirst())) {
        case "p" where file != nil: return .load
        case "s" where set: return .set
        case "d" where delete: return .delete
        case "D" where deletePrefix: return .deletePrefix
        case "t" where track: return .track(prefix: false)
        case "T" where trackPrefix: return .track(prefix: true)
        case "g" where get: return .get
        default: break
        }
        if file != nil { return .load }
        if set { return .set }
        if delete { return .delete }
        if deletePrefix { return .deletePrefix }
        if track { return .track(prefix: false) }
        if trackPrefix { return .track(prefix: true) }
        if get { return .get }
        return params.isEmpty ? .printAll : .printPrefix
    }

    func execute() -> Int32 {
        var selected = CMapMap.icmap
        switch map {
        case nil, "default", "icmap": break
        case "stats": selected = .stats
        default:
            Self.writeError("invalid map name, must be 'default', 'icmap' or 'stats'")
            return 1
        }
        if let clear {
            guard ["knet", "ipc", "totem", "schedmiss", "all"].contains(clear) else {
                Self.writeError("argument to -C should be 'knet', 'totem', 'ipc', 'schedmiss' or 'all'")
                return 1
            }
            selected = .stats
        }
        let action = self.action
        switch action {
        case .load, .printAll: break
        default:
            if params.isEmpty {
                Self.writeError("Expected key after options")
                return 1
            }
        }
        let client = CMapClient(runDirectory: runDirectory)
        do throws(TotemdClientError) {
            try client.connect()
            try client.select(selected)
        } catch {
            Self.writeError("Failed to initialize the cmap API. Error \(error.status.name)")
            Self.writeError("(\(error))")
            return 1
        }
        let runner = CmapctlRunner(client: client, showBinary: showBinary, quiet: quiet, json: json)
        if let clear {
            do throws(TotemdClientError) {
                try client.set("stats.clear.\(clear)", .uint8(1))
            } catch {
                Self.writeError("Failed to clear stats. Error \(error.status.name)")
                return 1
            }
            if case .printAll = action { return 0 }
        }
        switch action {
        case .printAll: return runner.print(prefixes: [""])
        case .printPrefix: return runner.print(prefixes: params)
        case .get: return runner.get(params)
        case .set:
            guard params.count >= 3 else {
                Self.writeError("At least 3 parameters are expected for set")
                return 1
            }
            return runner.set(params[0], type: params[1], value: params[2])
        case .delete: return runner.delete(params)
        case .deletePrefix: return runner.deletePrefix(params)
        case .load: return runner.load(file ?? "")
        case .track(let prefix): return runner.track(params, prefix: prefix)
        }
    }

}
