import Totem
import VoteQuorum

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

    /// cpg total order, sender FIFO, and events only within a membership.
    public var cpgOrder = CPGOrderChecker()
    /// cpg membership lists agree and add up.
    public var cpgMembership = CPGMembershipChecker()

    /// At most one quorate partition (quorum runs only, not two_node).
    public var splitBrain: SplitBrainChecker?
    /// At most one quorate partition in what tools show (with ``splitBrain``).
    public var statusSplitBrain: StatusSplitBrainChecker?
    /// wait_for_all and two_node (quorum runs with wait_for_all only).
    public var waitForAll: WaitForAllChecker?
    /// last_man_standing (quorum runs only).
    public var lastManStanding: LastManStandingChecker?
    /// auto_tie_breaker (quorum runs with a tie breaker only).
    public var autoTieBreaker: TieBreakerChecker?

    /// A suite that has seen nothing.
    public init() {}

    /// Turns on the quorum checkers that `options` call for, over the nodelist `nodes` (nothing
    /// when the options do not resolve).
    public mutating func enableQuorum(_ options: VoteQuorumOptions, nodes: [NodeID]) {
        guard let first = nodes.first, let configuration = try? options.resolve(localNodeID: first) else { return }
        // Neither two_node nor last_man_standing without wait_for_all promises one quorate
        // partition on corosync: two_node leaves it to fencing, and votequorum(5) calls
        // wait_for_all "essential" with last_man_standing (a rejoining node may adopt a lowered
        // expected_votes from a partition that then splits again: simulator seed 191).
        let promisesOnePartition =
            !configuration.twoNode && !(configuration.lastManStanding && !configuration.waitForAll)
        splitBrain = promisesOnePartition ? SplitBrainChecker() : nil
        statusSplitBrain = promisesOnePartition ? StatusSplitBrainChecker() : nil
        waitForAll = configuration.waitForAll ? WaitForAllChecker(nodes: nodes) : nil
        var votes: [NodeID: UInt32] = [:]
        for entry in options.nodelist { votes[entry.nodeID] = entry.quorumVotes ?? 1 }
        lastManStanding = LastManStandingChecker(
            window: configuration.lastManStanding ? configuration.lastManStandingWindow : nil,
            tieBreaker: configuration.tieBreaker != .none, configuredTotal: votes.values.reduce(0, +))
        autoTieBreaker = TieBreakerChecker(tieBreaker: configuration.tieBreaker, nodes: nodes, votes: votes)
    }

    /// Feeds one event to every checker and returns all violations, in checker order.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        var violations = delivery.observe(event, at: time)
        violations += virtualSynchrony.observe(event, at: time)
        violations += safeDelivery.observe(event, at: time)
        violations += membership.observe(event, at: time)
        violations += liveness.observe(event, at: time)
        violations += cpgOrder.observe(event, at: time)
        violations += cpgMembership.observe(event, at: time)
        violations += splitBrain?.observe(event, at: time) ?? []
        violations += statusSplitBrain?.observe(event, at: time) ?? []
        violations += waitForAll?.observe(event, at: time) ?? []
        violations += lastManStanding?.observe(event, at: time) ?? []
        violations += autoTieBreaker?.observe(event, at: time) ?? []
        return violations
    }

    /// Feeds a whole trace, returning every violation.
    public mutating func observe(_ trace: [(TraceEvent, Instant)]) -> [Violation] {
        trace.flatMap { observe($0.0, at: $0.1) }
    }
}
