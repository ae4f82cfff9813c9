import Testing

@testable import Totem

/// The ORF token rules of Docs/TotemWire.md §6.8-§6.11, one behaviour per test, on node 2 of a
/// formed two-node ring (node 1 is the representative).
@Suite struct SRPTokenTests {
    struct Fixture {
        var core: SRPCore
        var now: Instant
        var next: UInt32

        init(parameters: TotemParameters? = nil) {
            let harness = formedPair(parameters: parameters)
            core = harness.cores[2]!
            now = harness.now
            next = core.tokenSeqSeen &+ 1
        }

        /// A fresh token for the current ring.
        mutating func token(
            seq: UInt32? = nil, aru: UInt32? = nil, aruAddr: NodeID = 0, fcc: UInt32 = 0, backlog: UInt32 = 0,
            rtr: [RetransmitItem] = []
        ) -> OrfToken {
            defer { next &+= 2 }
            let high = seq ?? core.highSeqReceived
            return OrfToken(
                sender: 1, seq: high, tokenSeq: next, aru: aru ?? high, aruAddr: aruAddr,
                ringID: core.ringID, backlog: backlog, fcc: fcc, rtrList: rtr)
        }

        mutating func receive(_ token: OrfToken, after delay: Duration = .microseconds(100)) -> [SRPEffect] {
            now = now + delay
            return core.receive(token.encode(), now: now)
        }

        mutating func mcast(seq: UInt32, from sender: NodeID = 1, guarantee: Guarantee = .agreed) -> [SRPEffect] {
            let message = Mcast(
                sender: sender, seq: seq, thisSeqno: 0, ringID: core.ringID,
                guarantee: guarantee.rawValue, payload: [UInt8(truncatingIfNeeded: seq)])
            return core.receive(message.encode(), now: now)
        }
    }

    @Test func acceptedTokenIsForwardedWithTokenSeqPlusOneToTheSuccessor() {
        var fixture = Fixture()
        let token = fixture.token()
        let forwarded = sentTokens(fixture.receive(token))
        #expect(forwarded.count == 1)
        #expect(forwarded.first?.to == .node(1))
        #expect(forwarded.first?.token.tokenSeq == token.tokenSeq + 1)
        #expect(forwarded.first?.token.header.nodeID == 2)
    }

    @Test func duplicateTokenSeqIsDropped() {
        var fixture = Fixture()
        let token = fixture.token()
        _ = fixture.receive(token)
        let again = fixture.receive(token)
        #expect(drops(again) == [.duplicateToken])
        #expect(sentTokens(again).isEmpty)
    }

    @Test func messagesAreFreedAfterTwoFreshVisitsButNeverByARetransmittedCopy() {
        var fixture = Fixture()
        let base = fixture.core.highSeqReceived
        _ = fixture.mcast(seq: base + 1)
        #expect(fixture.core.highDelivered == base + 1)
        // A token whose aru already covers base+1 (set by a member that has it, aru_addr 0):
        // one visit proves nothing, since members after us may still lower it.
        let first = fixture.token(seq: base + 1, aru: base + 1)
        _ = fixture.receive(first)
        #expect(fixture.core.regularStore.contains(base + 1))
        // Its retransmitted copy is the same rotation: nothing may be freed.
        _ = fixture.receive(first)
        #expect(fixture.core.regularStore.contains(base + 1))
        // The next fresh token still covers it: a whole rotation has passed; now it is freed.
        _ = fixture.receive(fixture.token(seq: base + 1, aru: base + 1))
        #expect(!fixture.core.regularStore.contains(base + 1))
    }

    @Test func tokenOfAnotherRingIsDropped() {
        var fixture = Fixture()
        var token = fixture.token()
        token.ringID = RingID(rep: 1, seq: 999)
        #expect(drops(fixture.receive(token)) == [.foreignRing(.orfToken)])
    }

    @Test func lastTokenIsRetransmittedEveryTokenRetransmitInterval() {
        var fixture = Fixture()
        let forwarded = sentTokens(fixture.receive(fixture.token())).first!.token
        let retransmitAt = fixture.now + fixture.core.parameters.tokenRetransmit
        #expect(fixture.core.timers.deadline(of: .tokenRetransmit) == retransmitAt)
        let resent = sentTokens(fixture.core.handleTimeout(now: retransmitAt))
        #expect(resent.first?.token == forwarded)
    }

    @Test func tokenLossAfterTheTokenTimeoutEntersGather() {
        var fixture = Fixture()
        _ = fixture.receive(fixture.token())
        var now = fixture.now
        var effects: [SRPEffect] = []
        while fixture.core.state == .operational {
            now = fixture.core.nextDeadline!
            effects = fixture.core.handleTimeout(now: now)
        }
        #expect(now - fixture.now == fixture.core.parameters.token)
        #expect(fixture.core.state == .gather)
        #expect(!sentJoins(effects).isEmpty)
        #expect(fixture.core.stats.operationalTokenLost == 1)
    }

    @Test func gapIsRequestedAfterMissCountConstVisits() {
        var fixture = Fixture()
        let base = fixture.core.highSeqReceived
        _ = fixture.mcast(seq: base + 2)  // base + 1 is missing
        var requested: [RetransmitItem] = []
        var visits = 0
        while requested.isEmpty, visits < 10 {
            visits += 1
            requested = sentTokens(fixture.receive(fixture.token(seq: base + 2, aru: base))).first?.token.rtrList ?? []
        }
        #expect(visits == Int(fixture.core.parameters.missCountConst))
        #expect(requested == [RetransmitItem(ringID: fixture.core.ringID, seq: base + 1)])
    }

    @Test func requestedMessageIsRetransmittedAndRemovedFromTheList() {
        var fixture = Fixture()
        let base = fixture.core.highSeqReceived
        _ = fixture.mcast(seq: base + 1)
        let item = RetransmitItem(ringID: fixture.core.ringID, seq: base + 1)
        let effects = fixture.receive(fixture.token(seq: base + 1, aru: base, aruAddr: 1, rtr: [item]))
        #expect(sentMcasts(effects).map(\.seq) == [base + 1])
        #expect(sentTokens(effects).first?.token.rtrList == [])
        #expect(sentTokens(effects).first?.token.fcc == 1)
    }

    @Test func aruIsLoweredToOursWithOurAddress() {
        var fixture = Fixture()
        let base = fixture.core.highSeqReceived
        // The ring has sent base+1 ... base+3 but we hold none of them.
        let token = sentTokens(fixture.receive(fixture.token(seq: base + 3, aru: base + 3))).first!.token
        #expect(token.aru == base)
        #expect(token.aruAddr == 2)
    }

    @Test func newMessagesTakeConsecutiveSeqsLimitedByMaxMessages() throws {
        var fixture = Fixture()
        let base = fixture.core.highSeqReceived
        for index in 0..<30 { _ = try fixture.core.enqueue([UInt8(index)], guarantee: .agreed, now: fixture.now) }
        let effects = fixture.receive(fixture.token())
        let seqs = sentMcasts(effects).map(\.seq)
        let limit = fixture.core.parameters.maxMessages
        #expect(seqs == Array((base + 1)...(base + limit)))
        let token = sentTokens(effects).first!.token
        #expect(token.seq == base + limit)
        #expect(token.fcc == limit)
        // As corosync: the backlog added is the queue length before this visit's sends.
        #expect(token.backlog == 30)
        #expect(token.aru == base + limit)
        #expect(token.aruAddr == 0)
    }

    @Test func windowSizeBoundsTheRotation() throws {
        var fixture = Fixture()
        for index in 0..<30 { _ = try fixture.core.enqueue([UInt8(index)], guarantee: .agreed, now: fixture.now) }
        let window = fixture.core.parameters.windowSize
        let effects = fixture.receive(fixture.token(fcc: window - 3))
        #expect(sentMcasts(effects).count == 3)
    }

    @Test func nodePinningTheAruDeclaresItselfUnableToReceive() {
        var parameters = TotemParameters(nodeCount: 2)
        parameters.failRecvConst = 3
        var fixture = Fixture(parameters: parameters)
        let base = fixture.core.highSeqReceived
        var effects: [SRPEffect] = []
        for _ in 0..<10 where fixture.core.state == .operational {
            effects = fixture.receive(fixture.token(seq: base + 5, aru: base, aruAddr: 2))
        }
        effects += fixture.core.handleTimeout(now: fixture.now)
        #expect(fixture.core.state == .gather)
        #expect(fixture.core.failedToReceive)
        #expect(sentTokens(effects).isEmpty)
        #expect(sentJoins(effects).first?.failedList == [2])
    }

    @Test func safeMessageWaitsUntilTheTokenShowsEveryoneHasIt() {
        var fixture = Fixture()
        let base = fixture.core.highSeqReceived
        let received = fixture.mcast(seq: base + 1, guarantee: .safe)
        #expect(deliveries(received).isEmpty)
        // First visit: the ring-wide aru still lags (node 1 pinned it below).
        #expect(deliveries(fixture.receive(fixture.token(seq: base + 1, aru: base, aruAddr: 1))).isEmpty)
        // Two visits whose aru covers the message: now it is stable everywhere.
        _ = fixture.receive(fixture.token(seq: base + 1, aru: base + 1))
        let delivered = deliveries(fixture.receive(fixture.token(seq: base + 1, aru: base + 1)))
        #expect(delivered.map(\.seq) == [base + 1])
    }

    @Test func agreedMessageIsDeliveredAsSoonAsItIsContiguous() {
        var fixture = Fixture()
        let base = fixture.core.highSeqReceived
        #expect(deliveries(fixture.mcast(seq: base + 2)).isEmpty)
        #expect(deliveries(fixture.mcast(seq: base + 1)).map(\.seq) == [base + 1, base + 2])
    }

    @Test func foreignMcastInOperationalStartsAMembershipRound() {
        var fixture = Fixture()
        let foreign = Mcast(sender: 1, seq: 1, thisSeqno: 0, ringID: RingID(rep: 1, seq: 4000), payload: [])
        let effects = fixture.core.receiveAndSettle(foreign.encode(), now: fixture.now)
        #expect(fixture.core.state == .gather)
        #expect(!sentJoins(effects).isEmpty)
    }

    @Test func foreignMergeDetectInOperationalStartsAMembershipRound() {
        var fixture = Fixture()
        let probe = MergeDetect(sender: 1, ringID: RingID(rep: 1, seq: 4000))
        _ = fixture.core.receive(probe.encode(), now: fixture.now)
        #expect(fixture.core.state == .gather)
    }

    @Test func messagesFromAMemberStampedWithItsOlderRingAreStale() {
        var fixture = Fixture()
        // Node 1 is a member of our ring; a probe or MCAST from one of its older rings was
        // delayed in the network since before this ring formed.
        let old = RingID(rep: 1, seq: fixture.core.ringID.seq - 4)
        let probe = MergeDetect(sender: 1, ringID: old)
        #expect(drops(fixture.core.receive(probe.encode(), now: fixture.now)) == [.staleRing(.mergeDetect)])
        let mcast = Mcast(sender: 1, seq: 1, thisSeqno: 0, ringID: old, payload: [])
        #expect(drops(fixture.core.receive(mcast.encode(), now: fixture.now)) == [.staleRing(.mcast)])
        #expect(fixture.core.state == .operational)
        // From a node outside the nodelist it means nothing at all.
        let stranger = MergeDetect(sender: 3, ringID: RingID(rep: 3, seq: 1))
        #expect(drops(fixture.core.receive(stranger.encode(), now: fixture.now)) == [.unlistedNode(.mergeDetect)])
        #expect(fixture.core.state == .operational)
        // From a listed node outside our ring, the same old ring id does mean another partition.
        var harness = SRPHarness(nodes: [1, 2, 3])
        harness.boot(1)
        harness.boot(2)
        let formed = harness.formsRing([1, 2])
        #expect(formed)
        let outsider = MergeDetect(sender: 3, ringID: RingID(rep: 3, seq: 1))
        harness.inject(outsider.encode(), to: 2)
        #expect(harness.cores[2]?.state == .gather)
    }
}

@Suite struct SRPIdleRingTests {
    @Test func representativeHoldsAnIdleTokenAndReleasesItAfterHold() {
        var harness = formedPair()
        harness.run(for: .seconds(10))
        let rep = harness.cores[1]!
        #expect(rep.tokenHeld)
        #expect(rep.timers.isArmed(.hold))
        // An idle ring rotates about once per hold period, not continuously.
        let before = rep.stats.orfTokenRx
        harness.run(for: .seconds(10))
        let rotations = harness.cores[1]!.stats.orfTokenRx - before
        let expected = Int(10_000 / rep.parameters.hold.wholeMilliseconds)
        #expect(abs(Int(rotations) - expected) <= 2, "rotations \(rotations), expected about \(expected)")
    }

    @Test func representativeSendsMergeDetectOnAnIdleRing() {
        var harness = formedPair()
        harness.run(for: .seconds(10))
        #expect(harness.cores[1]!.stats.membMergeDetectTx > 0)
        #expect(harness.cores[2]!.stats.membMergeDetectTx == 0)
    }

    @Test func holdCancelReleasesTheHeldTokenAtOnce() throws {
        var harness = formedPair()
        harness.run(for: .seconds(10))
        #expect(harness.cores[1]!.tokenHeld)
        let start = harness.now
        try harness.submit([7], from: 2)
        let sends = harness.sent[2]!.count
        harness.run(for: .milliseconds(50))
        #expect(harness.sent[2]!.count > sends)
        #expect(harness.deliveries[1]?.last?.payload == [7])
        #expect(harness.now - start <= .milliseconds(50))
        #expect(harness.cores[2]!.stats.tokenHoldCancelTx == 1)
    }
}
