import Totem
import VoteQuorum

extension VoteQuorumOptions {
    /// The votequorum settings of a loaded corosync.conf (`quorum.*` and the nodelist's votes).
    public init(config: TotemConfig) {
        let quorum = config.quorum
        self.init(
            nodelist: config.nodes.map { NodelistEntry(nodeID: $0.nodeID, quorumVotes: $0.quorumVotes) },
            expectedVotes: quorum.expectedVotes, votes: quorum.votes, twoNode: quorum.twoNode,
            waitForAll: quorum.waitForAllSetting, lastManStanding: quorum.lastManStanding,
            lastManStandingWindow: .milliseconds(Int64(quorum.lastManStandingWindowMs)),
            autoTieBreaker: quorum.autoTieBreaker,
            autoTieBreakerNode: quorum.autoTieBreakerNode.isEmpty ? nil : quorum.autoTieBreakerNode,
            allowDownscale: quorum.allowDownscale, expectedVotesTracking: quorum.expectedVotesTracking,
            device: quorum.device.map { QuorumDeviceOptions(model: $0.model, votes: $0.votes) })
    }
}

extension EngineCore {
    /// The engine for a loaded corosync.conf: votequorum when `quorum.provider` is
    /// `corosync_votequorum` (its start-up validation may fail as corosync's does, exit 20).
    public init(config: TotemConfig, trackedExpectedVotes: UInt32 = 0) throws(VoteQuorumConfigurationError) {
        let myID = config.localNode.nodeID
        var resolved: VoteQuorumConfiguration?
        if config.quorum.provider == "corosync_votequorum" {
            resolved = try VoteQuorumOptions(config: config).resolve(localNodeID: myID)
        }
        let version = config.source["totem.config_version"] == nil ? nil : config.configVersion
        self.init(myID: myID, quorumConfiguration: resolved, trackedExpectedVotes: trackedExpectedVotes, configVersion: version)
    }
}
