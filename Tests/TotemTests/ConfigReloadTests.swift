import Testing
import Totem

/// ``ConfigReload``: what a reload may change, and that everything else is refused by name.
struct ConfigReloadTests {
    static let base = ConfigFixtures.udpu(nodes: 3)

    static func plan(_ text: String) throws(ConfigReloadError) -> ConfigReloadPlan {
        let running = try! ConfigFixtures.load(base)
        return try ConfigReload.plan(
            running: running, text: text, file: "corosync.conf", resolver: StaticResolver(),
            localAddresses: ConfigFixtures.loopback)
    }

    static func refusal(_ text: String) -> ConfigReloadError? {
        do throws(ConfigReloadError) {
            _ = try plan(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func sameFileChangesNothing() throws {
        let plan = try Self.plan(Self.base)
        #expect(plan.isEmpty)
        #expect(!plan.timersChanged && !plan.quorumVotesChanged && !plan.loggingChanged && !plan.configVersionChanged)
    }

    @Test func tokenChangeRederivesTheTimers() throws {
        let plan = try Self.plan(ConfigFixtures.udpu(nodes: 3, totem: "  token: 5000"))
        #expect(plan.timersChanged)
        #expect(plan.changedKeys == ["totem.token"])
        // 3 nodes: token + 650; consensus 1.2 × token; token_retransmit token / 4.2.
        #expect(plan.configuration.timers.token == 5650)
        #expect(plan.configuration.timers.consensus == 6780)
        #expect(plan.configuration.timers.tokenRetransmit == 1345)
        #expect(plan.configuration.parameters.token == .milliseconds(5650))
        #expect(!plan.quorumVotesChanged)
    }

    @Test func quorumVotesAndLoggingAndVersionMayChange() throws {
        let votes = Self.base.replacingFirst(
            "provider: corosync_votequorum", with: "provider: corosync_votequorum\n  expected_votes: 5")
        let plan = try Self.plan(votes)
        #expect(plan.quorumVotesChanged && !plan.timersChanged)
        #expect(plan.configuration.quorum.expectedVotes == 5)
        #expect(plan.changedKeys == ["quorum.expected_votes"])

        let nodeVotes = Self.base.replacingFirst("nodeid: 2", with: "nodeid: 2\n    quorum_votes: 3")
        #expect(try Self.plan(nodeVotes).quorumVotesChanged)

        let logging = Self.base.replacingFirst("to_syslog: no", with: "to_syslog: no\n  debug: on")
        #expect(try Self.plan(logging).loggingChanged)

        let version = ConfigFixtures.udpu(nodes: 3, totem: "  config_version: 7")
        let versioned = try Self.plan(version)
        #expect(versioned.configVersionChanged && versioned.configuration.configVersion == 7)
    }

    @Test func readOnlyKeysKeepTheirRunningValueAndTheRestApplies() throws {
        let renamed = ConfigFixtures.udpu(nodes: 3, totem: "  token: 5000\n  netmtu: 1400\n  ip_version: ipv4")
            .replacingFirst("cluster_name: cfgtest", with: "cluster_name: other")
        let plan = try Self.plan(renamed)
        #expect(plan.keptKeys == ["totem.cluster_name", "totem.ip_version", "totem.netmtu"])
        #expect(plan.configuration.clusterName == "cfgtest")
        #expect(plan.configuration.netMTU == 1500)
        #expect(plan.configuration.source["totem.ip_version"] == nil)
        #expect(plan.changedKeys == ["totem.token"])
        #expect(plan.timersChanged && plan.configuration.timers.token == 5650)
    }

    @Test func addedNodesAreAppliedAndTheTokenFollowsTheNodeCount() throws {
        let plan = try Self.plan(ConfigFixtures.udpu(nodes: 4))
        #expect(plan.addedNodes.map(\.nodeID) == [4])
        #expect(plan.addedNodes.map(\.address.description) == ["127.0.0.4"])
        #expect(plan.removedNodes.isEmpty && plan.nodelistChanged)
        #expect(plan.changedKeys == ["nodelist.node.3.nodeid", "nodelist.node.3.ring0_addr"])
        // 4 nodes: the default token 3000 + 2 × 650, as corosync derives it.
        #expect(plan.timersChanged && plan.configuration.timers.token == 4300)
        #expect(plan.configuration.nodes.map(\.nodeID) == [1, 2, 3, 4])
    }

    @Test func removedNodesAreApplied() throws {
        let plan = try Self.plan(ConfigFixtures.udpu(nodes: 2))
        #expect(plan.removedNodes.map(\.nodeID) == [3])
        #expect(plan.addedNodes.isEmpty && plan.nodelistChanged)
        #expect(plan.timersChanged && plan.configuration.timers.token == 3000)
        #expect(plan.configuration.nodes.map(\.nodeID) == [1, 2])
        #expect(!(try Self.plan(Self.base)).nodelistChanged)
    }

    @Test func thisNodeMustStayWithItsAddressAndNoAddressMayChange() throws {
        // Node 1 (127.0.0.1, this machine) removed: the reloaded file has no node for this one.
        let withoutMe = Self.base.replacingFirst("ring0_addr: 127.0.0.1\n    nodeid: 1", with: "ring0_addr: 127.0.0.7\n    nodeid: 7")
        #expect(withoutMe.contains("nodeid: 7"))
        guard case .invalid = Self.refusal(withoutMe) else {
            Issue.record("removing this node was not refused")
            return
        }

        let moved = Self.base.replacingFirst("127.0.0.2", with: "127.0.0.9")
        guard case .cannotChange(let movedKey, let movedReason) = Self.refusal(moved) else {
            Issue.record("a node's new address was not refused")
            return
        }
        #expect(movedKey == "nodelist.node.1.ring0_addr")
        #expect(movedReason.contains("node 2 (127.0.0.2 -> 127.0.0.9)"))

        // Adding a node and moving another in the same file: refused as a whole.
        let addAndMove = ConfigFixtures.udpu(nodes: 4).replacingFirst("127.0.0.3", with: "127.0.0.8")
        guard case .cannotChange(let key, _) = Self.refusal(addAndMove) else {
            Issue.record("an address change next to an added node was not refused")
            return
        }
        #expect(key == "nodelist.node.2.ring0_addr")
    }

    static func withQuorum(_ lines: String) -> String {
        base.replacingFirst("provider: corosync_votequorum", with: "provider: corosync_votequorum\n\(lines)")
    }

    @Test func providerIsKeptAsARunningValue() throws {
        let provider = Self.base.replacingFirst("provider: corosync_votequorum", with: "provider: none")
        #expect(try Self.plan(provider).keptKeys == ["quorum.provider"])
    }

    /// A stock 3.1.7 node reloads these without a word: cmap shows the file's values (votequorum
    /// keeps running with the ones it started with, see VoteQuorumReloadTests).
    @Test func votequorumStartupOptionsAreReloadedIntoTheConfiguration() throws {
        let options = Self.withQuorum(
            "  wait_for_all: 1\n  last_man_standing: 1\n  last_man_standing_window: 20000\n  auto_tie_breaker: 1\n"
                + "  auto_tie_breaker_node: highest\n  allow_downscale: 1\n  expected_votes_tracking: 1")
        let plan = try Self.plan(options)
        #expect(plan.keptKeys.isEmpty)
        #expect(plan.changedKeys == [
            "quorum.allow_downscale", "quorum.auto_tie_breaker", "quorum.auto_tie_breaker_node",
            "quorum.expected_votes_tracking", "quorum.last_man_standing", "quorum.last_man_standing_window",
            "quorum.wait_for_all",
        ])
        #expect(plan.configuration.quorum.waitForAllSetting == true && plan.configuration.quorum.lastManStanding)
        #expect(!plan.quorumVotesChanged && !plan.timersChanged)
    }

    @Test func twoNodeIsApplied() throws {
        let plan = try Self.plan(Self.withQuorum("  two_node: 1"))
        #expect(plan.changedKeys == ["quorum.two_node"])
        #expect(plan.keptKeys.isEmpty)
        #expect(plan.configuration.quorum.twoNode)
    }

    @Test func quorumDeviceChangesAreRefused() throws {
        let device = Self.withQuorum("  device {\n    model: net\n    votes: 1\n  }")
        #expect(Self.refusal(device) == .cannotChange(
            key: "quorum.device.model", reason: "(unset) -> \"net\" cannot be changed at runtime"))
        #expect(ConfigReload.fixedQuorumKeys.allSatisfy { $0.hasPrefix("quorum.device.") })
    }

    @Test func badFileIsRefusedWithFileAndLine() {
        let broken = ConfigFixtures.udpu(nodes: 3, totem: "  token_warning: 150")
        guard case .invalid(let error) = Self.refusal(broken) else {
            Issue.record("token_warning 150 was accepted")
            return
        }
        #expect(error.file == "corosync.conf")
        #expect(error.line == ConfigFixtures.line(of: "token_warning", in: broken))
    }

    @Test func syntaxErrorIsRefusedWithFileAndLine() {
        let broken = Self.base.replacingFirst("totem {", with: "totem { oops")
        guard case .invalid(let error) = Self.refusal(broken) else {
            Issue.record("a syntax error was accepted")
            return
        }
        #expect("\(error)".hasPrefix("corosync.conf:1:"))
    }
}

/// ``TotemCore/setParameters(_:)``: the timers armed from then on use the new values; the MTU stays.
struct CoreReloadTests {
    @Test func coreArmsItsTimersWithTheNewParametersAndKeepsItsMTU() {
        var core = TotemCore(nodeID: 1, nodes: [1, 2], parameters: TotemParameters(nodeCount: 2), persistedRingSeq: 0)
        var next = TotemParameters(nodeCount: 2)
        next.join = .milliseconds(700)
        next.consensus = .milliseconds(900)
        next.netMTU = 9000
        core.setParameters(next)
        #expect(core.srp.parameters.join == .milliseconds(700))
        #expect(core.srp.parameters.netMTU == 1500)
        let zero = Instant(nanoseconds: 0)
        _ = core.start(now: zero)
        // start() schedules the first JOIN at once; sending it arms the JOIN timer.
        while let due = core.nextDeadline, due == zero { _ = core.handleTimeout(now: zero) }
        #expect(core.nextDeadline == Instant(nanoseconds: 700_000_000))
    }

    @Test func coreTakesANewNodelistButNeverOneWithoutItself() {
        var core = TotemCore(nodeID: 1, nodes: [1, 2], parameters: TotemParameters(nodeCount: 2), persistedRingSeq: 0)
        let grown = core.setNodes([3, 1, 2, 3])
        #expect(grown && core.srp.nodes == [1, 2, 3])
        let shrunk = core.setNodes([2, 1])
        #expect(shrunk && core.srp.nodes == [1, 2])
        let withoutMe = core.setNodes([2, 3])
        #expect(!withoutMe)
        #expect(core.srp.nodes == [1, 2])
    }
}
