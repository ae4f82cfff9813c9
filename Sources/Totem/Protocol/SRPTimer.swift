/// The timers of the SRP state machine (Docs/TotemWire.md §6.11). They are plain deadlines in the
/// core's state; the owner only learns the earliest one through `nextDeadline`.
public enum SRPTimer: Int, Hashable, Sendable, CaseIterable, Comparable {
    /// Token loss: no valid token for `token` ms.
    case tokenLoss
    /// Re-send the last token (ORF or commit) every `token_retransmit` ms.
    case tokenRetransmit
    /// The representative releases an idle, held token after `hold` ms.
    case hold
    /// Re-send the JOIN every `join` ms while in GATHER.
    case join
    /// GATHER gives up waiting for silent nodes after `consensus` ms.
    case consensus
    /// The representative probes for other rings `merge` ms after an unchanged token.
    case mergeDetect

    /// Orders timers that expire at the same instant (deterministic firing order).
    public static func < (lhs: SRPTimer, rhs: SRPTimer) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A small deadline table: at most one deadline per timer.
struct TimerTable: Hashable, Sendable {
    private var deadlines: [SRPTimer: Instant] = [:]

    /// Arms (or re-arms) `timer` to fire at `deadline`.
    mutating func arm(_ timer: SRPTimer, at deadline: Instant) { deadlines[timer] = deadline }

    /// Disarms `timer`.
    mutating func cancel(_ timer: SRPTimer) { deadlines[timer] = nil }

    /// Disarms everything.
    mutating func cancelAll() { deadlines.removeAll() }

    /// True if `timer` is armed.
    func isArmed(_ timer: SRPTimer) -> Bool { deadlines[timer] != nil }

    /// The deadline of `timer`, if armed.
    func deadline(of timer: SRPTimer) -> Instant? { deadlines[timer] }

    /// The earliest deadline.
    var next: Instant? { deadlines.values.min() }

    /// Removes and returns the earliest timer due at or before `now` (ties broken by timer order),
    /// leaving `excluded` alone.
    mutating func popExpired(now: Instant, excluding excluded: SRPTimer? = nil) -> SRPTimer? {
        var best: (SRPTimer, Instant)?
        for (timer, deadline) in deadlines where deadline <= now && timer != excluded {
            if let current = best, (current.1, current.0) <= (deadline, timer) { continue }
            best = (timer, deadline)
        }
        guard let (timer, _) = best else { return nil }
        deadlines[timer] = nil
        return timer
    }
}
