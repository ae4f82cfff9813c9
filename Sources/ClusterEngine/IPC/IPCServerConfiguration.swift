import ClusterIPC

/// Where and for whom the IPC server listens.
public struct IPCServerConfiguration: Sendable {
    /// The run directory (`--run-dir`, default `/run/totemd`); created with mode 0755.
    public var runDirectory: String
    /// Peer user ids allowed to call (root only, as corosync's IPC without `uidgid` entries).
    public var allowedUIDs: Set<UInt32>

    /// Creates a configuration.
    public init(runDirectory: String = IPCProtocol.defaultRunDirectory, allowedUIDs: Set<UInt32> = [0]) {
        self.runDirectory = runDirectory
        self.allowedUIDs = allowedUIDs
    }

    /// `<run-dir>/totemd.sock`, mode 0600.
    public var socketPath: String { IPCProtocol.socketPath(runDirectory: runDirectory) }
}
