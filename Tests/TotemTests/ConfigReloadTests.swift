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

    @Test func nodelistAndQuorumOptionChangesAreRefused() throws {
        guard case .cannotChange(let key, let reason) = Self.refusal(ConfigFixtures.udpu(nodes: 4)) else {
            Issue.record("adding a node was not refused")
            return
        }
        #expect(key == "nodelist")
        #expect(reason.contains("added: 4@127.0.0.4"))

        let moved = Self.base.replacingFirst("127.0.0.2", with: "127.0.0.9")
        guard case .cannotChange(let movedKey, let movedReason) = Self.refusal(moved) else {
            Issue.record("a node's new address was not refused")
            return
        }
        #expect(movedKey == "nodelist.node.1.ring0_addr")
        #expect(movedReason.contains("node 2 (127.0.0.2 -> 127.0.0.9)"))

        let provider = Self.base.replacingFirst("provider: corosync_votequorum", with: "provider: none")
        #expect(try Self.plan(provider).keptKeys == ["quorum.provider"])

        let wfa = Self.base.replacingFirst(
            "provider: corosync_votequorum", with: "provider: corosync_votequorum\n  wait_for_all: 1")
        #expect(Self.refusal(wfa) == .cannotChange(key: "quorum.wait_for_all", reason: "(unset) -> \"1\" cannot be changed at runtime"))
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
}
