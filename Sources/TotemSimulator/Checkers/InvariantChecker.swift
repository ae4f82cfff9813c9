import Totem

/// One invariant checker: it sees every ``TraceEvent`` of a run in order and reports violations
/// as soon as it can tell.
public protocol InvariantChecker: Sendable {
    /// Observes one event at virtual time `time`; returns the violations it reveals.
    mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation]
}
