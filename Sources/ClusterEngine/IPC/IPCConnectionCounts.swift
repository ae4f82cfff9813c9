import Synchronization

/// How many IPC clients are connected and how many have gone, for the stats map's
/// `stats.ipcs.global.active` and `stats.ipcs.global.closed` (corosync's `ipcs_global_stats`:
/// a connection counts from when it is accepted to when it ends; a refused peer, whose
/// uid/gid is not allowed, never does).
public final class IPCConnectionCounts: Sendable {
    /// The counts at one moment.
    public struct Snapshot: Hashable, Sendable {
        /// Connections open now.
        public var active: UInt64
        /// Connections that have ended since the server started.
        public var closed: UInt64

        /// A snapshot with these counts.
        public init(active: UInt64, closed: UInt64) {
            self.active = active
            self.closed = closed
        }
    }

    private let counts = Mutex(Snapshot(active: 0, closed: 0))

    /// No connection yet.
    public init() {}

    /// The current counts.
    public var snapshot: Snapshot { counts.withLock { $0 } }

    /// A client was accepted.
    func opened() {
        counts.withLock { $0.active += 1 }
    }

    /// An accepted client's connection ended.
    func closed() {
        counts.withLock { counts in
            precondition(counts.active > 0, "IPC connection closed that was never counted open: \(counts)")
            counts.active -= 1
            counts.closed += 1
        }
    }
}
