import Testing
import Totem
import VoteQuorum

@Suite struct ConfigurationTests {
    /// tools-and-config.md §8.2 used nodes 3, 4, 5 with node 3 local.
    let three = nodelist([3, 4, 5])

    @Test func expectedVotesComeFromTheNodelistUnlessConfigured() throws {
        let derived = try VoteQuorumOptions(nodelist: three).resolve(localNodeID: 3)
        #expect(derived.initialExpectedVotes(trackedExpectedVotes: 0) == 3)
        #expect(derived.votes == 1)
        let explicit = try VoteQuorumOptions(nodelist: three, expectedVotes: 7).resolve(localNodeID: 3)
        #expect(explicit.initialExpectedVotes(trackedExpectedVotes: 0) == 7)
    }

    @Test func perNodeQuorumVotesAddUp() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3], votes: [2: 3, 3: 2]))
        let config = try options.resolve(localNodeID: 2)
        #expect(config.votes == 3)
        #expect(config.nodelistExpectedVotes == 6)
    }

    @Test func withoutNodelistQuorumVotesAndExpectedVotesAreUsed() throws {
        let config = try VoteQuorumOptions(expectedVotes: 8, votes: 2).resolve(localNodeID: 1)
        #expect(config.votes == 2 && !config.hasNodelist)
        #expect(config.initialExpectedVotes(trackedExpectedVotes: 0) == 8)
        #expect(throws: VoteQuorumConfigurationError.noNodelistOrExpectedVotes) {
            try VoteQuorumOptions(nodelist: three).resolve(localNodeID: 9)
        }
        #expect(VoteQuorumConfigurationError.noNodelistOrExpectedVotes.description
            == "configuration error: nodelist or quorum.expected_votes must be configured!")
    }

    @Test func twoNodeImpliesWaitForAllUnlessExplicit() throws {
        let two = nodelist([1, 2])
        #expect(try VoteQuorumOptions(nodelist: two, twoNode: true).resolve(localNodeID: 1).waitForAll)
        #expect(try !VoteQuorumOptions(nodelist: two, twoNode: true, waitForAll: false).resolve(localNodeID: 1).waitForAll)
        #expect(try !VoteQuorumOptions(nodelist: two).resolve(localNodeID: 1).waitForAll)
    }

    @Test(arguments: [
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5]), twoNode: true, device: QuorumDeviceOptions(model: "net", votes: 1)),
         VoteQuorumConfigurationError.twoNodeWithDevice,
         "configuration error: two_node and quorum device cannot be configured at the same time!"),
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5]), lastManStanding: true, autoTieBreaker: true),
         .autoTieBreakerAndLastManStandingOddCluster,
         "configuration error: auto_tie_breaker & last_man_standing not available in odd sized cluster"),
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5]), lastManStanding: true, device: QuorumDeviceOptions(model: "net", votes: 1)),
         .deviceWithLastManStanding, "configuration error: quorum.device is not compatible with last_man_standing"),
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5]), waitForAll: true, autoTieBreaker: true,
                           device: QuorumDeviceOptions(model: "net", votes: 1)),
         .deviceWithAutoTieBreaker, "configuration error: quorum.device is not compatible with auto_tie_breaker"),
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5]), allowDownscale: true, device: QuorumDeviceOptions(model: "net", votes: 1)),
         .deviceWithAllowDownscale, "configuration error: quorum.device is not compatible with allow_downscale"),
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5]), expectedVotes: 5, device: QuorumDeviceOptions(model: "net")),
         .deviceVotesRequiredWithExpectedVotes,
         "configuration error: quorum.device.votes must be specified when quorum.expected_votes is set"),
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5], votes: [4: 2]), device: QuorumDeviceOptions(model: "net")),
         .deviceVotesRequiredWithUnevenVotes,
         "configuration error: quorum.device.votes must be specified when not all nodes votes 1"),
        (VoteQuorumOptions(nodelist: nodelist([3, 4, 5]), expectedVotes: 3, device: QuorumDeviceOptions(model: "net", votes: 2)),
         .deviceVotesTooHigh, "configuration error: quorum.device.votes is too high or expected_votes is too low"),
    ])
    func fatalCombinationsThrowCorosyncsMessage(options: VoteQuorumOptions, error: VoteQuorumConfigurationError, text: String) {
        #expect(throws: error) { try options.resolve(localNodeID: 3) }
        #expect(error.description == text)
    }

    @Test func twoNodeWithAutoTieBreakerDisablesTwoNode() throws {
        let options = VoteQuorumOptions(nodelist: three, twoNode: true, waitForAll: true, autoTieBreaker: true)
        let config = try options.resolve(localNodeID: 3)
        #expect(!config.twoNode)
        #expect(config.tieBreaker == .lowest)
        #expect(config.warnings == [.twoNodeDisabledByAutoTieBreaker])
        #expect(config.warnings[0].description.hasPrefix("two_node and auto_tie_breaker are both specified but are not compatible."))
    }

    @Test func autoTieBreakerOnOddClusterWithoutWaitForAllIsDisabled() throws {
        let config = try VoteQuorumOptions(nodelist: three, autoTieBreaker: true).resolve(localNodeID: 3)
        #expect(config.tieBreaker == .none)
        #expect(config.warnings == [.autoTieBreakerDisabledOddClusterWithoutWaitForAll])
        let even = try VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4]), autoTieBreaker: true).resolve(localNodeID: 1)
        #expect(even.tieBreaker == .lowest && even.warnings.isEmpty)
        let withWFA = try VoteQuorumOptions(nodelist: three, waitForAll: true, autoTieBreaker: true).resolve(localNodeID: 3)
        #expect(withWFA.tieBreaker == .lowest)
    }

    @Test func invalidTieBreakerNodeDisablesAutoTieBreaker() throws {
        let options = VoteQuorumOptions(nodelist: three, waitForAll: true, autoTieBreaker: true, autoTieBreakerNode: "foo")
        let config = try options.resolve(localNodeID: 3)
        #expect(config.tieBreaker == .none)
        #expect(config.warnings == [.autoTieBreakerNodeInvalid("foo")])
        #expect(config.warnings[0].description == "auto_tie_breaker_nodes is not valid. It must be 'lowest', 'highest' or a space-separated list of node IDs. auto_tie_breaker is disabled")
    }

    @Test func tieBreakerNodeParsingFollowsAtoiAndStrtol() {
        #expect(TieBreaker.parse("lowest") == .lowest)
        #expect(TieBreaker.parse("highest") == .highest)
        #expect(TieBreaker.parse("3 1") == .list([3, 1]))
        #expect(TieBreaker.parse(" 3\t1 ") == .list([3, 1]))
        #expect(TieBreaker.parse("3 foo 1") == .list([3]))
        #expect(TieBreaker.parse("3 0 1") == .list([3]))
        #expect(TieBreaker.parse("0 1") == nil)
        #expect(TieBreaker.parse("-1") == .list([NodeID(0xFFFF_FFFF)]))
        #expect(TieBreaker.parse("Lowest") == nil)
        #expect(TieBreaker.parse("") == nil)
        #expect(TieBreaker.parse("3 1").map(\.atbType) == 3)
    }

    @Test func allowDownscaleTurnsOnTrackingAndTheBarrierReplacesExpectedVotes() throws {
        let config = try VoteQuorumOptions(nodelist: three, expectedVotes: 4, allowDownscale: true).resolve(localNodeID: 3)
        #expect(config.expectedVotesTracking)
        #expect(config.initialExpectedVotes(trackedExpectedVotes: 6) == 6)
        #expect(config.initialExpectedVotes(trackedExpectedVotes: 0) == 3)
    }

    @Test func deviceVotesAreDerivedFromAnEvenNodelist() throws {
        let config = try VoteQuorumOptions(nodelist: three, device: QuorumDeviceOptions(model: "net")).resolve(localNodeID: 3)
        #expect(config.deviceVotes == 2)
        #expect(config.nodelistExpectedVotes == 5)
        let none = try VoteQuorumOptions(nodelist: three, device: QuorumDeviceOptions(model: "")).resolve(localNodeID: 3)
        #expect(none.deviceVotes == 0 && none.nodelistExpectedVotes == 3)
    }
}
