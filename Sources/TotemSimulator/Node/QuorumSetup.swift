import Totem
import VoteQuorum

/// The votequorum options of a full-stack run (``NodeCore``): every node runs with the
/// same `quorum` section and nodelist, as a real cluster's corosync.conf gives them.
///
/// ``swarm(seed:nodeCount:)`` draws them from the seed: plain majority, wait_for_all,
/// last_man_standing with a window, auto_tie_breaker (lowest, highest or a node list),
/// two_node for two-node runs, and 1–3 votes per node.
public struct QuorumSetup: SimulatedNodeSetup {
    /// The options every node resolves for itself.
    public var options: VoteQuorumOptions

    /// A setup with these options.
    public init(options: VoteQuorumOptions) {
        self.options = options
    }

    /// Plain majority with one vote per node.
    public static func majority(nodeCount: Int) -> QuorumSetup {
        QuorumSetup(options: VoteQuorumOptions(nodelist: nodelist(votes: Array(repeating: 1, count: nodeCount))))
    }

    /// The nodelist `1...votes.count`, node i with `votes[i - 1]` quorum votes.
    public static func nodelist(votes: [UInt32]) -> [NodelistEntry] {
        votes.enumerated().map { NodelistEntry(nodeID: NodeID(UInt32($0.offset + 1)), quorumVotes: $0.element) }
    }

    /// The options seed `seed` picks for `nodeCount` nodes (always ones every node can resolve).
    public static func swarm(seed: UInt64, nodeCount: Int) -> QuorumSetup {
        var random = SimulationRandom(seed: seed).fork(0x0B0E)
        var votes = Array(repeating: UInt32(1), count: nodeCount)
        if random.chance(perMille: 300) {
            votes = votes.map { _ in UInt32(random.int(in: 1...3)) }
        }
        var options = VoteQuorumOptions(nodelist: nodelist(votes: votes))
        if nodeCount == 2, random.chance(perMille: 500) {
            options.nodelist = nodelist(votes: [1, 1])
            options.twoNode = true
            return QuorumSetup(options: options)
        }
        if random.chance(perMille: 400) { options.waitForAll = true }
        if random.chance(perMille: 400) {
            options.lastManStanding = true
            options.lastManStandingWindow = random.duration(in: .milliseconds(500) ... .seconds(4))
        }
        if random.chance(perMille: 400) {
            options.autoTieBreaker = true
            switch random.int(in: 0...3) {
            case 0: options.autoTieBreakerNode = nil
            case 1: options.autoTieBreakerNode = "lowest"
            case 2: options.autoTieBreakerNode = "highest"
            default:
                let first = random.int(in: 1...nodeCount)
                let second = random.int(in: 1...nodeCount)
                options.autoTieBreakerNode = first == second ? "\(first)" : "\(first) \(second)"
            }
        }
        // corosync refuses auto_tie_breaker + last_man_standing on an odd cluster without
        // wait_for_all; drop last_man_standing then, as an operator would.
        if (try? options.resolve(localNodeID: NodeID(1))) == nil { options.lastManStanding = false }
        return QuorumSetup(options: options)
    }

    /// See ``SimulatedNodeSetup/quorumOptions``.
    public var quorumOptions: VoteQuorumOptions? { options }

    /// `votes=[1,1,2] wait_for_all last_man_standing(window=2.5s) auto_tie_breaker(lowest)`.
    public var description: String {
        var parts = ["votes=[\(options.nodelist.map { "\($0.quorumVotes ?? 1)" }.joined(separator: ","))]"]
        if options.twoNode { parts.append("two_node") }
        if options.waitForAll == true { parts.append("wait_for_all") }
        if options.lastManStanding { parts.append("last_man_standing(window=\(FaultSettings.format(options.lastManStandingWindow)))") }
        if options.autoTieBreaker {
            let resolved = (try? options.resolve(localNodeID: NodeID(1)))?.tieBreaker ?? TieBreaker.none
            parts.append("auto_tie_breaker(\(options.autoTieBreakerNode ?? "lowest")\(resolved == .none ? ", disabled by corosync's validation" : ""))")
        }
        if parts.count == 1 { parts.append("majority") }
        return parts.joined(separator: " ")
    }
}
