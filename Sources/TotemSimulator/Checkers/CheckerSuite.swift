import Totem

/// All invariant checkers of a run, fed the same events in the same order.
public struct CheckerSuite: Sendable {
    /// Invariant 1.
    public var delivery = DeliveryChecker()
    /// Invariant 2.
    public var virtualSynchrony = VirtualSynchronyChecker()
    /// Invariant 3.
    public var safeDelivery = SafeDeliveryChecker()
    /// Invariant 4.
    public var membership = MembershipChecker()
    /// Invariant 5 (reports only when asked, after the fault phase).
    public var liveness = LivenessChecker()

    /// A suite that has seen nothing.
    public init() {}

    /// Feeds one event to every checker and returns all violations, in checker order.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        var violations = delivery.observe(event, at: time)
        violations += virtualSynchrony.observe(event, at: time)
        violations += safeDelivery.observe(event, at: time)
        violations += membership.observe(event, at: time)
        violations += liveness.observe(event, at: time)
        return violations
    }

    /// Feeds a whole trace, returning every violation.
    public mutating func observe(_ trace: [(TraceEvent, Instant)]) -> [Violation] {
        trace.flatMap { observe($0.0, at: $0.1) }
    }
}
