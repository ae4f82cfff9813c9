import NodeCore
import Testing
import Totem
import TotemSimulator
import VoteQuorum

/// Local clients of full-stack nodes driven by hand: cpg traffic reaches every member in one
/// order with the checkers on, and cfg kill and shutdown stop their node.
@Suite struct ClientScenarioTests {
    static func converged(_ nodeCount: Int) -> Simulation<NodeCore> {
        var sim = Simulation<NodeCore>(seed: 7, nodeCount: nodeCount)
        sim.runUntilConverged()
        sim.run(for: .seconds(2))
        return sim
    }

    static func report(_ sim: Simulation<NodeCore>) -> String {
        "\(sim.violations.map(\.description))\n\(sim.timeline.suffix(30).joined(separator: "\n"))"
    }

    @Test func cpgMembersOnEveryNodeHearTheSameMessages() throws {
        var sim = Self.converged(3)
        for node in sim.nodeIDs { try sim.cpgJoin(node: node, pid: 1001, group: "g1") }
        sim.run(for: .milliseconds(500))
        var sent: [CPGTag] = []
        for round in 0..<5 {
            for node in sim.nodeIDs {
                sent.append(try sim.cpgMulticast(node: node, pid: 1001, group: "g1", filler: round * 10))
            }
        }
        sim.run(for: .seconds(1))
        #expect(sim.violations.isEmpty, "\(Self.report(sim))")
        #expect(sent.count == 15)
        // 3 joins seen by up to 3 members (6 events) + 15 messages x 3 members.
        #expect(sim.statistics.cpgEvents == 6 + 45)
        #expect(throws: ClientRefusal.alreadyJoined) { try sim.cpgJoin(node: 1, pid: 1001, group: "g1") }
        #expect(throws: ClientRefusal.notJoined) { try sim.cpgMulticast(node: 1, pid: 1002, group: "g1") }
    }

    @Test func aKilledNodeStopsAndTheOthersReform() throws {
        var sim = Self.converged(3)
        try sim.killNode(from: 1, target: 3)
        sim.run(for: .seconds(5))
        #expect(sim.status(of: 3) == .down)
        #expect(sim.statistics.kills == 1)
        #expect(sim.violations.isEmpty, "\(Self.report(sim))")
        sim.restart(3)
        #expect(sim.runUntilConverged() != nil, "\(Self.report(sim))")
    }

    @Test func aShutdownLeavesTheRing() throws {
        var sim = Self.converged(3)
        try sim.requestShutdown(on: 2)
        #expect(throws: ClientRefusal.self) { try sim.requestShutdown(on: 2) }
        sim.run(for: .seconds(3))
        #expect(sim.status(of: 2) == .down)
        #expect(sim.statistics.shutdowns == 1)
        #expect(sim.liveNodes == [1, 3])
        #expect(sim.runUntilConverged() != nil, "\(Self.report(sim))")
        #expect(sim.violations.isEmpty, "\(Self.report(sim))")
    }

    /// A raised expected votes reaches every member; votequorum refuses one below the votes.
    @Test func expectedVotesRaisedOnOneNodeReachEveryMember() throws {
        var sim = Self.converged(3)
        try sim.setExpectedVotes(4, on: 2)
        #expect(throws: ClientRefusal.self) { try sim.setExpectedVotes(2, on: 1) }
        try sim.setVotes(1, of: 3, on: 1)
        sim.run(for: .seconds(1))
        let shown = sim.nodeIDs.map { sim.core(of: $0)?.status.quorum?.expectedVotes }
        let notified = sim.nodeIDs.map { sim.core(of: $0)?.quorumState?.expectedVotes }
        #expect(shown == [4, 4, 4], "notified \(notified)")
        #expect(sim.nodeIDs.allSatisfy { sim.core(of: $0)?.quorumState?.quorate == true })
        #expect(sim.violations.isEmpty, "\(Self.report(sim))")
    }

    @Test func aBareRingServesNoClients() {
        var sim = Simulation<TotemCore>(seed: 1, nodeCount: 2)
        sim.runUntilConverged()
        #expect(throws: ClientRefusal.unsupported) { try sim.cpgJoin(node: 1, pid: 1, group: "g") }
    }
}
