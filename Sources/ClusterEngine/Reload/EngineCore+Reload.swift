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
    /// Applies the quorum half of a reload (pure, all or nothing): with a changed
    /// `quorum.expected_votes` (or nodelist votes, or nodes added or removed) votequorum takes
    /// the new expected votes unchecked, as corosync's reload does, and multicasts
    /// RECONFIGURE(EXPECTED_VOTES) (once delivered, quorum recalculation raises them back to the
    /// votes present if those are more); with a changed vote count of this node it takes
    /// the new votes and multicasts RECONFIGURE(NODE_VOTES), as corosync's votequorum does on
    /// reload. `totem.config_version` follows too.
    /// - Throws: ``EngineReloadError`` when votequorum refuses this node's new votes (the engine
    ///   is left as it was).
    public mutating func reload(from running: TotemConfig, to reloaded: TotemConfig) throws(EngineReloadError) -> [EngineEffect] {
        var trial = self
        trial.configVersion = reloaded.source["totem.config_version"] == nil ? nil : reloaded.configVersion
        var effects: [EngineEffect] = []
        if trial.quorum != nil {
            let before: VoteQuorumConfiguration
            let after: VoteQuorumConfiguration
            do throws(VoteQuorumConfigurationError) {
                before = try VoteQuorumOptions(config: running).resolve(localNodeID: myID)
                after = try VoteQuorumOptions(config: reloaded).resolve(localNodeID: myID)
            } catch {
                throw EngineReloadError(key: "quorum", reason: "\(error)")
            }
            let tracked = trial.quorum?.trackedExpectedVotes ?? 0
            let expectedBefore = before.initialExpectedVotes(trackedExpectedVotes: tracked)
            let expectedAfter = after.initialExpectedVotes(trackedExpectedVotes: tracked)
            do throws(VoteQuorumRequestError) {
                if after.votes != before.votes {
                    effects += try trial.withQuorum { core throws(VoteQuorumRequestError) in try core.setVotes(after.votes, of: myID) }
                }
            } catch {
                throw EngineReloadError(
                    key: "quorum.votes",
                    reason: "votequorum refuses votes \(after.votes): \(error)")
            }
            if expectedAfter != expectedBefore {
                effects += trial.withQuorum { core in core.reloadExpectedVotes(expectedAfter) }
            }
        }
        self = trial
        return effects
    }
}
