import ClusterIPC

/// Where and for whom the IPC server listens, and how many connections it keeps.
public struct IPCServerConfiguration: Sendable {
    /// The run directory (`--run-dir`, default `/run/totemd`); created with mode 0755.
    public var runDirectory: String
    /// Peer user ids allowed to call (root only, as corosync's IPC without `uidgid` entries).
    public var allowedUIDs: Set<UInt32>
    /// Open connections one non-root uid may hold (default 64); beyond it a new connection gets
    /// `CS_ERR_TRY_AGAIN` and is closed (as a refused one). Uids in ``uncappedUIDs`` are not limited.
    public var maxConnectionsPerUID: Int
    /// Open connections all capped peers together may hold (default 1024), refused as above.
    public var maxConnections: Int
    /// Uids under neither cap (default root only, whose tools must always get through).
    public var uncappedUIDs: Set<UInt32>
    /// At most one log line per uid in this interval for refused connections (default 1 s);
    /// the next line counts those left out.
    public var refusalLogInterval: Duration
    /// Whether stock corosync clients (`corosync-cmapctl`, libcmap users) are served too, through
    /// the host's libqb on the abstract socket `@cmap` (Linux; default off, totemd turns it on
    /// unless `--no-libqb`). The name is per network namespace: a node that finds it taken logs
    /// an error and runs without it.
    public var corosyncClients: Bool

    /// Creates a configuration.
    public init(
        runDirectory: String = IPCProtocol.defaultRunDirectory, allowedUIDs: Set<UInt32> = [0],
        maxConnectionsPerUID: Int = 64, maxConnections: Int = 1024, uncappedUIDs: Set<UInt32> = [0],
        refusalLogInterval: Duration = .seconds(1), corosyncClients: Bool = false
    ) {
        self.corosyncClients = corosyncClients
        self.runDirectory = runDirectory
        self.allowedUIDs = allowedUIDs
        self.maxConnectionsPerUID = maxConnectionsPerUID
        self.maxConnections = maxConnections
        self.uncappedUIDs = uncappedUIDs
        self.refusalLogInterval = refusalLogInterval
    }

    /// `<run-dir>/totemd.sock`, mode 0600.
    public var socketPath: String { IPCProtocol.socketPath(runDirectory: runDirectory) }
}
