import Totem
import VoteQuorum

/// Why the engine refuses a reloaded configuration (nothing of it is applied).
public struct EngineReloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The key concerned.
    public let key: String
    /// What is wrong, for the log and the tool.
    public let reason: String
    /// `key: reason`.
    public var description: String { "\(key): \(reason)" }
}

extension EngineCore {
    /// Applies the quorum half of a reload (pure, all or nothing), as corosync's votequorum
    /// does after re-reading its configuration: this node's votes and expected votes (from
    /// the nodelist, `quorum.votes`, `quorum.expected_votes` or the tracked barrier) and
    /// `quorum.two_node` are taken unchecked (``VoteQuorumCore/reload(votes:expectedVotes:twoNode:)``),
    /// then NODEINFO about us and about the quorum device is multicast, followed by
    /// RECONFIGURE(NODE_VOTES) and RECONFIGURE(EXPECTED_VOTES) for the figures that changed.
    /// Once delivered they recalculate quorum everywhere (expected votes below the votes
    /// present are raised back; a new two_node decides quorum). `reloaded` comes from
    /// ``ConfigReload``, so the read-only quorum options already carry their running values.
    /// `totem.config_version` follows too.
    /// - Throws: ``EngineReloadError`` when votequorum cannot resolve the reloaded figures
    ///   (quorum device votes that do not fit the new nodelist); the engine is left as it was.
    public mutating func reload(from running: TotemConfig, to reloaded: TotemConfig) throws(EngineReloadError) -> [EngineEffect] {
        var trial = self
        trial.configVersion = reloaded.source["totem.config_version"] == nil ? nil : reloaded.configVersion
        var effects: [EngineEffect] = []
        if trial.quorum != nil {
            // Only the figures are re-derived here. two_node is judged by votequorum at runtime
            // (with a quorum device configured it is allowed, as corosync allows it while no
            // device is registered here); the start-up options are not reloaded (votequorum
            // keeps its own), except expected_votes_tracking's effect on expected votes.
            var options = VoteQuorumOptions(config: reloaded)
            let twoNode = options.twoNode
            let started = trial.quorum?.configuration
            options.twoNode = false
            options.waitForAll = started?.waitForAll
            options.lastManStanding = false
            options.autoTieBreaker = false
            options.autoTieBreakerNode = nil
            options.allowDownscale = false
            options.expectedVotesTracking = started?.expectedVotesTracking ?? false
            let after: VoteQuorumConfiguration
            do throws(VoteQuorumConfigurationError) {
                after = try options.resolve(localNodeID: myID)
            } catch {
                throw EngineReloadError(key: "quorum", reason: "\(error)")
            }
            let expected = after.initialExpectedVotes(trackedExpectedVotes: trial.quorum?.trackedExpectedVotes ?? 0)
            if twoNode && reloaded.quorum.device != nil {
                effects.append(.log(
                    subsystem: "VOTEQ",
                    message: "configuration error: two_node and quorum device cannot be configured at the same time!"))
                effects.append(.log(subsystem: "VOTEQ", message: "quorum device is not registered, allowing two_node"))
            }
            effects += trial.withQuorum { core in core.reload(votes: after.votes, expectedVotes: expected, twoNode: twoNode) }
        }
        self = trial
        return effects
    }
}
