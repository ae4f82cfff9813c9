import Totem

/// corosync 3.1.7's votequorum (`exec/votequorum.c`) as a pure state machine.
///
/// Every node keeps a table of the nodes it heard a NODEINFO about (votes, expected votes,
/// flags, MEMBER/DEAD/LEAVING). From the MEMBER entries it computes
/// `quorum = max(highest_expected / 2 + 1, total_votes / 2 + 1)`, which never decreases on its
/// own; with two_node and at most two voters quorum is 1. The partition is quorate when
/// `total_votes >= quorum`, subject to:
///
/// - **wait_for_all**: after start-up, not quorate until total votes equal our expected votes
///   once, a quorate peer without WFASTATUS announces itself, or CANCEL_WFA arrives;
/// - **auto_tie_breaker**: on an exact half (`total == expected / 2`) the partition holding the
///   tie-breaker node (lowest, highest, or the first listed) is quorate, unless it lost `quorum`
///   or more members at once;
/// - **last_man_standing**: after a membership loss, once `last_man_standing_window` passes and
///   the partition is still quorate, expected votes shrink to the current voters.
///
/// Owner protocol (the sync layer of ClusterEngine, or a test harness):
///
/// 1. `init`, then ``start()`` once: multicast the returned NODEINFO (it goes out in the first ring).
/// 2. On every regular configuration: ``syncInit(members:ringID:now:)`` (or
///    ``configurationChanged(_:now:)``), then ``syncProcess()`` in the votequorum sync phase
///    (multicast its messages before the phase barrier), deliver every votequorum message with
///    ``receive(_:from:)`` in total order, and ``syncActivate()`` when sync completes.
/// 3. Poll ``nextDeadline``; when it passes call ``handleTimeout(now:)``.
///
/// Deviations from corosync: a quorum-device NODEINFO from a sender without a table entry is
/// dropped instead of aborting (issue #63); quorum is a 32-bit value (corosync keeps it in a
/// `uint8_t`); no quorum device is ever registered locally, so the qdevice poll timer and
/// master_wins never apply to our own node (other nodes' device votes are tracked as corosync does).
public struct VoteQuorumCore: Hashable, Sendable {
    /// The validated configuration this core started with.
    public let configuration: VoteQuorumConfiguration

    /// The node table, ordered as corosync orders it (by signed node id), `us` included.
    var nodes: [NodeRecord]
    /// The quorum device pseudo-node's votes (node id 0).
    var deviceVotes: UInt32
    /// The device name learned from QDEVICE_REG messages.
    var deviceName: String = ""

    var quorum: UInt32 = 0
    var clusterIsQuorate = false
    var twoNode: Bool
    var waitForAll: Bool
    var waitForAllStatus = false
    var tieBreaker: TieBreaker
    var lowestNodeID: NodeID?
    var highestNodeID: NodeID?
    /// The totem members when we were last quorate by votes (auto_tie_breaker list mode).
    var lastQuorateMembers: [NodeID]?
    var lastManStanding: Bool
    var lastManStandingDeadline: Instant?
    var allowDownscale: Bool
    var expectedVotesBarrier: UInt32 = 0
    var expectedVotesTracking: Bool
    var trackingBarrier: UInt32

    var quorumMembers: [NodeID] = []
    var previousQuorumMembers: [NodeID] = []
    var ringID = RingID.zero
    var syncInProgress = false
    var syncNodeInfoSent = false
    var started = false

    /// Builds the core for `configuration`. `trackedExpectedVotes` is the barrier the owner
    /// persisted from ``VoteQuorumEffect/persistExpectedVotesBarrier(_:)`` (0 if none); it only
    /// matters with expected_votes_tracking, where it replaces quorum.expected_votes.
    public init(configuration: VoteQuorumConfiguration, trackedExpectedVotes: UInt32 = 0) {
        self.configuration = configuration
        let expected = configuration.initialExpectedVotes(trackedExpectedVotes: trackedExpectedVotes)
        var flags: NodeInfoFlags = [.first]
        if configuration.waitForAll { flags.insert(.waitForAllStatus) }
        nodes = [NodeRecord(nodeID: configuration.localNodeID, state: .member, votes: configuration.votes,
                            expectedVotes: expected, flags: flags)]
        deviceVotes = configuration.deviceVotes
        twoNode = configuration.twoNode
        waitForAll = configuration.waitForAll
        waitForAllStatus = configuration.waitForAll
        tieBreaker = configuration.tieBreaker
        lastManStanding = configuration.lastManStanding
        allowDownscale = configuration.allowDownscale
        expectedVotesTracking = configuration.expectedVotesTracking
        trackingBarrier = configuration.expectedVotesTracking ? trackedExpectedVotes : 0
        expectedVotesBarrier = expected
    }

    /// This node's id.
    public var nodeID: NodeID { configuration.localNodeID }

    /// Runs corosync's start-up calculation and announces us: call once, right after `init`,
    /// and multicast the NODEINFO it returns. Later calls return nothing.
    public mutating func start() -> [VoteQuorumEffect] {
        var effects: [VoteQuorumEffect] = []
        guard !started else { return effects }
        started = true
        recalculateQuorum(allowDecrease: false, byCurrentNodes: false, effects: &effects)
        effects.append(.multicast(.nodeInfo(nodeInfo(about: nodeID))))
        return effects
    }

    /// The earliest deadline the owner must call ``handleTimeout(now:)`` at: the
    /// last_man_standing window, if armed.
    public var nextDeadline: Instant? { lastManStandingDeadline }

    /// Fires the timers whose deadline is at or before `now`; spurious calls do nothing.
    /// When the last_man_standing window expires and we are still quorate, expected votes of
    /// every member become the number of current voters.
    public mutating func handleTimeout(now: Instant) -> [VoteQuorumEffect] {
        var effects: [VoteQuorumEffect] = []
        guard let deadline = lastManStandingDeadline, deadline <= now else { return effects }
        lastManStandingDeadline = nil
        if clusterIsQuorate {
            recalculateQuorum(allowDecrease: true, byCurrentNodes: true, effects: &effects)
        }
        return effects
    }

    /// The current expected-votes tracking barrier (`runtime.votequorum.ev_tracking_barrier`).
    public var trackedExpectedVotes: UInt32 { trackingBarrier }

    /// The quorum state as `corosync-quorumtool -s` would show it now.
    public var state: QuorumState {
        let me = us
        var highest: UInt32 = 0
        var total: UInt32 = 0
        for node in nodes where node.isMember {
            highest = max(highest, node.expectedVotes)
            total &+= node.votes
        }
        if me.flags.contains(.qdeviceCastVote) { total &+= deviceVotes }
        var flags = QuorumInfoFlags(deviceBitsOf: me.flags)
        if twoNode { flags.insert(.twoNode) }
        if clusterIsQuorate { flags.insert(.quorate) }
        if waitForAll { flags.insert(.waitForAll) }
        if lastManStanding { flags.insert(.lastManStanding) }
        if tieBreaker != .none { flags.insert(.autoTieBreaker) }
        if allowDownscale { flags.insert(.allowDownscale) }
        let members = quorumMembers.map { id -> MemberVotes in
            guard let record = record(id) else { return MemberVotes(nodeID: id, votes: nil) }
            return MemberVotes(nodeID: id, votes: record.votes, expectedVotes: record.expectedVotes,
                               state: record.state, deviceFlags: QuorumInfoFlags(deviceBitsOf: record.flags))
        }
        return QuorumState(
            quorate: clusterIsQuorate, nodeID: nodeID, ringID: ringID, votes: me.votes,
            expectedVotes: me.expectedVotes, highestExpected: highest, totalVotes: total, quorum: quorum,
            flags: flags, members: members, waitForAllPending: waitForAllStatus,
            deviceVotes: deviceVotes, deviceName: deviceName)
    }

    /// The runtime.votequorum.* facts that corosync publishes in cmap.
    public var runtimeKeys: VoteQuorumRuntimeKeys {
        VoteQuorumRuntimeKeys(
            thisNodeID: nodeID, twoNode: twoNode, waitForAllStatus: waitForAllStatus,
            expectedVotesBarrier: expectedVotesBarrier, lowestNodeID: lowestNodeID, highestNodeID: highestNodeID,
            atbType: tieBreaker.atbType, trackingBarrier: expectedVotesTracking ? trackingBarrier : nil)
    }
}
