import Totem
import TotemSimulator
import VoteQuorum

/// Hand-built quorum traces for the quorum checkers: one event per nanosecond, or at an
/// explicit instant.
struct QuorumTrace {
    var events: [(TraceEvent, Instant)] = []
    var now = Instant.zero

    mutating func add(_ event: TraceEvent) {
        now = now + .nanoseconds(1)
        events.append((event, now))
    }

    mutating func advance(_ duration: Duration) { now = now + duration }

    mutating func start(_ nodes: [NodeID]) {
        for node in nodes { add(.started(node, persistedRingSeq: 0)) }
    }

    /// Installs a regular configuration on every member.
    mutating func install(_ ring: RingID, _ members: [NodeID]) {
        for node in members {
            add(.effect(node, .configurationChanged(ConfigurationChange(kind: .regular, ringID: ring, members: members, left: [], joined: []))))
        }
    }

    /// Every node in `nodes` reports a state over `members`.
    mutating func report(_ nodes: [NodeID], quorate: Bool, _ ring: RingID, _ members: [NodeID], expected: UInt32 = 4) {
        for node in nodes {
            let state = QuorumState(
                quorate: quorate, nodeID: node, ringID: ring, votes: 1, expectedVotes: expected, highestExpected: expected,
                totalVotes: UInt32(members.count), quorum: expected / 2 + 1, flags: quorate ? [.quorate] : [],
                members: members.map { MemberVotes(nodeID: $0, votes: 1) })
            add(.quorumChanged(node, state))
        }
    }

    func check<C: InvariantChecker>(_ checker: C) -> [Violation] {
        var checker = checker
        return events.flatMap { checker.observe($0.0, at: $0.1) }
    }
}
