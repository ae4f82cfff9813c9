import Testing
@testable import Totem

/// `peerUnreachable`: an ICMP port unreachable from a peer we heard from fails it at once.
@Suite struct SRPPeerUnreachableTests {
    @Test func aPeerWeNeverHeardFromMayNotHaveBoundItsSocketYet() {
        var core = SRPCore(myID: 1, nodes: [1, 2, 3], parameters: TotemParameters(nodeCount: 3), persistedRingSeq: 0)
        _ = core.start(now: .zero) + core.handleTimeout(now: .zero)
        let early = core.peerUnreachable(2, now: .zero + .milliseconds(1))
        #expect(early.isEmpty)
        #expect(core.failedList.isEmpty)
        #expect(core.stats.peerUnreachable == 0)
        // Once node 2 spoke, the same report means its process is gone.
        _ = core.receiveAndSettle(Join(sender: 2, ringSeq: 1, procList: [2], failedList: []).encode(), now: .zero + .milliseconds(2))
        let effects = core.peerUnreachable(2, now: .zero + .milliseconds(3)) + core.handleTimeout(now: .zero + .milliseconds(3))
        #expect(core.failedList == [2])
        #expect(sentJoins(effects).last?.failedList == [2])
        #expect(core.stats.peerUnreachable == 1)
    }

    @Test func anOperationalMemberIsFailedAndTheRingReformsWithoutWaitingForTheToken() {
        var harness = formedPair()
        let start = harness.now
        var core = harness.cores[1]!
        let effects = core.peerUnreachable(2, now: start)
        #expect(core.state == .gather)
        #expect(core.failedList == [2])
        harness.cores[1] = core
        harness.apply(effects, from: 1)
        harness.crash(2)
        let formed = harness.runUntilRing(of: [1], limit: .seconds(60))
        #expect(formed)
        #expect(harness.now - start < harness.cores[1]!.parameters.token)
    }

    @Test func reportsAboutOurselvesOrAnAlreadyFailedPeerChangeNothing() {
        var harness = formedPair()
        var core = harness.cores[1]!
        let aboutUs = core.peerUnreachable(1, now: harness.now)
        _ = core.peerUnreachable(2, now: harness.now)
        let again = core.peerUnreachable(2, now: harness.now)
        #expect(aboutUs.isEmpty)
        #expect(again.isEmpty)
        #expect(core.stats.peerUnreachable == 1)
        harness.cores[1] = core
    }

    /// A reload swaps node 2 for node 3: node 3 is recorded once heard from, so its port
    /// unreachable counts (the heard-from set only grows while some node of the list is unheard).
    @Test func aNodeAddedByReloadCountsOnceHeardFrom() {
        var core = TotemCore(nodeID: 1, nodes: [1, 2], parameters: TotemParameters(nodeCount: 2), persistedRingSeq: 0)
        _ = core.start(now: .zero) + core.handleTimeout(now: .zero)
        var now = Instant.zero + .milliseconds(1)
        // Both nodes of the list heard from (our own JOIN comes back too), still gathering.
        _ = core.receive(Join(sender: 2, ringSeq: 1, procList: [2], failedList: []).encode(), now: now)
        _ = core.receive(Join(sender: 1, ringSeq: 1, procList: [1, 2], failedList: []).encode(), now: now)
        core.setNodes([1, 3])
        now = now + .milliseconds(1)
        _ = core.receive(Join(sender: 3, ringSeq: 1, procList: [3], failedList: []).encode(), now: now)
        _ = core.peerUnreachable(3, now: now)
        #expect(core.srp.failedList == [3])
    }
}
