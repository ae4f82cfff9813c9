import Synchronization

/// Rate limit for the log lines about refused IPC connections: at most one line per uid per
/// interval, the next one telling how many were left out, so that one user cannot flood the log
/// by connecting in a loop. Uids quiet for a whole interval are forgotten (the table stays small).
public final class IPCRefusalLog: Sendable {
    private struct Entry {
        var lastLogged: ContinuousClock.Instant
        var suppressed: Int
    }

    /// The shortest time between two lines for the same uid.
    public let interval: Duration
    private let entries = Mutex<[UInt32: Entry]>([:])

    /// A limiter allowing one line per uid per `interval`.
    public init(interval: Duration) { self.interval = interval }

    /// Records a refusal of `uid` at `now`: the number of refusals left out since the last line
    /// when this one should be logged, nil when it should be left out.
    public func shouldLog(uid: UInt32, now: ContinuousClock.Instant = .now) -> Int? {
        entries.withLock { entries in
            if entries.count > 1024 {
                entries = entries.filter { now - $0.value.lastLogged < interval }
            }
            guard var entry = entries[uid], now - entry.lastLogged < interval else {
                let suppressed = entries[uid]?.suppressed ?? 0
                entries[uid] = Entry(lastLogged: now, suppressed: 0)
                return suppressed
            }
            entry.suppressed += 1
            entries[uid] = entry
            return nil
        }
    }
}
