import NodeCore
import Testing
import Totem
import TotemSimulator

/// The cpg order checker accepts a correct trace and catches each kind of violation.
@Suite struct CPGOrderCheckerTests {
    /// Nodes 1 and 2 each have member 1001 in the group, both joined.
    func bothJoined() -> CPGTrace {
        var trace = CPGTrace()
        trace.start([1, 2])
        let both = [address(1, 1001), address(2, 1001)]
        trace.membership(1, pid: 1001, members: both, joined: [address(1, 1001)])
        trace.membership(2, pid: 1001, members: both, joined: [address(2, 1001)])
        return trace
    }

    @Test func acceptsTheSameOrderEverywhere() {
        var trace = bothJoined()
        let a = CPGTag(node: 1, pid: 1001, counter: 1)
        let b = CPGTag(node: 2, pid: 1001, counter: 1)
        let c = CPGTag(node: 1, pid: 1001, counter: 2)
        for tag in [a, b, c] { trace.message(1, pid: 1001, tag) }
        for tag in [a, c] { trace.message(2, pid: 1001, tag) }  // a gap (b) is allowed, not a swap
        #expect(trace.check(CPGOrderChecker()) == [])
    }

    @Test func catchesTwoMembersDisagreeingOnOrder() {
        var trace = bothJoined()
        let a = CPGTag(node: 1, pid: 1001, counter: 1)
        let b = CPGTag(node: 2, pid: 1001, counter: 1)
        let x = CPGTag(node: 2, pid: 1001, counter: 2)
        trace.message(1, pid: 1001, a)
        trace.message(1, pid: 1001, b)
        // Node 2 receives b, then x (which node 1 never gets), then a: the inversion of a and
        // b is caught although no two consecutive messages of node 2 are swapped at node 1.
        trace.message(2, pid: 1001, b)
        trace.message(2, pid: 1001, x)
        trace.message(2, pid: 1001, a)
        let violations = trace.check(CPGOrderChecker())
        #expect(violations.count == 1)
        #expect(violations.first?.invariant == .cpgOrder)
        #expect(violations.first?.detail.contains("received 1/1001#1 after 2/1001#1") == true)
    }

    @Test func catchesBrokenSenderFIFO() {
        var trace = bothJoined()
        trace.message(2, pid: 1001, CPGTag(node: 1, pid: 1001, counter: 2))
        trace.message(2, pid: 1001, CPGTag(node: 1, pid: 1001, counter: 1))
        #expect(trace.check(CPGOrderChecker()).first?.detail.contains("sender FIFO") == true)
    }

    @Test func catchesAMessageBeforeTheJoinAndAfterTheLeave() {
        var early = CPGTrace()
        early.start([1])
        early.message(1, pid: 1001, CPGTag(node: 1, pid: 1001, counter: 1))
        #expect(early.check(CPGOrderChecker()).first?.detail.contains("outside its membership") == true)

        var late = bothJoined()
        late.membership(2, pid: 1001, members: [address(1, 1001)], left: [address(2, 1001)])
        late.message(2, pid: 1001, CPGTag(node: 1, pid: 1001, counter: 1))
        #expect(late.check(CPGOrderChecker()).first?.detail.contains("outside its membership") == true)
    }

    @Test func aRestartedNodesMembersAreNewMembers() {
        var trace = bothJoined()
        trace.add(.stopped(2))
        trace.add(.started(2, persistedRingSeq: 4))
        // pid 1001 of node 2's new incarnation has not joined: a message for it is an error.
        trace.message(2, pid: 1001, CPGTag(node: 1, pid: 1001, counter: 1))
        #expect(trace.check(CPGOrderChecker()).first?.invariant == .cpgOrder)
    }
}

/// The cpg membership checker accepts a correct trace and catches bad arithmetic and
/// disagreement.
@Suite struct CPGMembershipCheckerTests {
    let ring = RingID(rep: 1, seq: 4)
    let other = RingID(rep: 2, seq: 4)

    /// Both nodes synced `ring`; member 1001 of each joined at (ring, 1) and (ring, 2).
    func synced() -> CPGTrace {
        var trace = CPGTrace()
        trace.start([1, 2])
        for node: NodeID in [1, 2] { trace.add(.syncCompleted(node, ring)) }
        trace.deliver(1, ring: ring, seq: 1)
        trace.membership(1, pid: 1001, members: [address(1, 1001)], joined: [address(1, 1001)])
        trace.deliver(2, ring: ring, seq: 1)
        trace.deliver(1, ring: ring, seq: 2)
        trace.membership(1, pid: 1001, members: [address(1, 1001), address(2, 1001)], joined: [address(2, 1001)])
        trace.deliver(2, ring: ring, seq: 2)
        trace.membership(2, pid: 1001, members: [address(1, 1001), address(2, 1001)], joined: [address(2, 1001)])
        return trace
    }

    @Test func acceptsAgreeingChangesThatAddUp() {
        var trace = synced()
        trace.deliver(1, ring: ring, seq: 3)
        trace.membership(1, pid: 1001, members: [address(1, 1001)], left: [address(2, 1001)])
        trace.deliver(2, ring: ring, seq: 3)
        trace.membership(2, pid: 1001, members: [address(1, 1001)], left: [address(2, 1001)])
        trace.deliver(1, ring: ring, seq: 4)
        trace.deliver(2, ring: ring, seq: 4)
        #expect(trace.check(CPGMembershipChecker()) == [])
    }

    @Test func catchesAChangeThatDoesNotAddUp() {
        var trace = synced()
        trace.deliver(1, ring: ring, seq: 3)
        trace.membership(1, pid: 1001, members: [address(1, 1001), address(2, 1001), address(3, 1001)], joined: [])
        let violations = trace.check(CPGMembershipChecker())
        #expect(violations.first?.invariant == .cpgMembership)
        #expect(violations.first?.detail.contains("are not the previous") == true)
    }

    @Test func catchesMembersToldDifferentListsAfterTheSameDelivery() {
        var trace = synced()
        trace.deliver(1, ring: ring, seq: 3)
        let both = [address(1, 1001), address(2, 1001)]
        trace.membership(1, pid: 1001, members: both + [address(3, 7)], joined: [address(3, 7)])
        trace.deliver(2, ring: ring, seq: 3)
        trace.membership(2, pid: 1001, members: both + [address(3, 8)], joined: [address(3, 8)])
        trace.deliver(1, ring: ring, seq: 4)
        trace.deliver(2, ring: ring, seq: 4)
        let violations = trace.check(CPGMembershipChecker())
        #expect(violations.count == 1)
        #expect(violations.first?.detail.contains("was told group g1 has members") == true)
    }

    /// Messages queued before a ring change are delivered in the new ring before its sync, on
    /// lists of the rings the nodes come from: not compared (seed 12 of the client swarm).
    @Test func doesNotCompareNodesComingFromDifferentSyncedRings() {
        var trace = CPGTrace()
        trace.start([1, 2])
        trace.add(.syncCompleted(1, ring))
        trace.add(.syncCompleted(2, other))
        trace.membership(2, pid: 1001, members: [address(2, 1001)], joined: [address(2, 1001)])
        let merged = RingID(rep: 1, seq: 8)
        for node: NodeID in [1, 2] {
            let change = ConfigurationChange(kind: .regular, ringID: merged, members: [1, 2], left: [], joined: [])
            trace.add(.effect(node, .configurationChanged(change)))
        }
        trace.deliver(1, ring: merged, seq: 1)
        trace.membership(1, pid: 1001, members: [address(1, 1001)], joined: [address(1, 1001)])
        trace.deliver(2, ring: merged, seq: 1)
        trace.membership(2, pid: 1001, members: [address(1, 1001), address(2, 1001)], joined: [address(1, 1001)])
        trace.deliver(1, ring: merged, seq: 2)
        trace.deliver(2, ring: merged, seq: 2)
        #expect(trace.check(CPGMembershipChecker()) == [])
    }
}
