import Testing

@testable import Totem

/// Forged membership messages and tokens from a listed address: each is dropped and counted, or
/// the ring recovers on its own within seconds once it stops (issue: JOIN list bombs, a token
/// with a huge seq, a hole no member can fill).
@Suite struct SRPHostileInputTests {
    static func formedTrio() -> SRPHarness {
        var harness = SRPHarness(nodes: [1, 2, 3])
        harness.bootAll()
        _ = harness.runUntilRing(of: [1, 2, 3])
        return harness
    }

    /// A token for node `id`'s current ring that it has not seen yet.
    static func forgedToken(for id: NodeID, in harness: SRPHarness, seq: UInt32, aru: UInt32? = nil) -> OrfToken {
        let core = harness.cores[id]!
        return OrfToken(
            sender: 1, seq: seq, tokenSeq: core.tokenSeqSeen &+ 1_000, aru: aru ?? seq, aruAddr: 0,
            ringID: core.ringID, backlog: 0, fcc: 0, rtrList: [])
    }

    @Test func joinNamingAnUnlistedNodeIsDroppedAndChangesNoList() {
        var harness = Self.formedTrio()
        let ring = harness.cores[2]!.ringID
        let bomb = Join(
            sender: 1, ringSeq: ring.seq, procList: [1, 2, 3] + (100..<200).map { NodeID($0) }, failedList: [])
        #expect(drops(harness.inject(bomb.encode(), to: 2)) == [.unlistedNode(.join)])
        let accuser = Join(sender: 1, ringSeq: ring.seq, procList: [1, 2, 3], failedList: [9])
        #expect(drops(harness.inject(accuser.encode(), to: 2)) == [.unlistedNode(.join)])
        let stranger = Join(sender: 7, ringSeq: ring.seq, procList: [7], failedList: [])
        #expect(drops(harness.inject(stranger.encode(), to: 2)) == [.unlistedNode(.join)])
        #expect(harness.cores[2]!.state == .operational && harness.cores[2]!.procList.count <= 3)
    }

    @Test func fiveListBombsLeaveTheRingAsItWas() {
        var harness = Self.formedTrio()
        let ring = harness.cores[1]!.ringID
        for round in 0..<5 {
            let ids = (0..<100).map { NodeID(UInt32(1_000 + round * 100 + $0)) }
            let bomb = Join(sender: 3, ringSeq: ring.seq, procList: [1, 2, 3] + ids, failedList: Array(ids.prefix(10)))
            for node: NodeID in [1, 2, 3] { harness.inject(bomb.encode(), to: node) }
        }
        harness.run(for: .seconds(5))
        #expect(harness.isRing([1, 2, 3]))
        #expect(
            harness.cores.values.allSatisfy { $0.ringID == ring && $0.procList.count <= 3 && $0.failedList.isEmpty })
    }

    @Test func commitTokenNamingAnUnlistedNodeIsDropped() {
        var harness = Self.formedTrio()
        let ring = harness.cores[2]!.ringID
        let forged = CommitToken(sender: 1, tokenSeq: 1, ringID: RingID(rep: 1, seq: ring.seq + 4), addr: [1, 2, 42])
        #expect(drops(harness.inject(forged.encode(), to: 2)) == [.unlistedNode(.commitToken)])
    }

    @Test func tokenWithAruAboveSeqOrSeqBeyondTwoWindowsIsDroppedAndCounted() {
        var harness = Self.formedTrio()
        let high = harness.cores[2]!.highSeqReceived
        let aruAbove = Self.forgedToken(for: 2, in: harness, seq: high, aru: high &+ 5)
        #expect(drops(harness.inject(aruAbove.encode(), to: 2)) == [.implausibleToken])
        let huge = Self.forgedToken(for: 2, in: harness, seq: 0x7fff_fff0)
        #expect(drops(harness.inject(huge.encode(), to: 2)) == [.implausibleToken])
        let beyond = Self.forgedToken(for: 2, in: harness, seq: high &+ 2 &* MessageStore.window &+ 1)
        #expect(drops(harness.inject(beyond.encode(), to: 2)) == [.implausibleToken])
        #expect(harness.cores[2]!.highSeqReceived == high && harness.cores[2]!.state == .operational)
    }

    @Test func aForgedHugeSeqTokenLeavesDeliveryRunning() throws {
        var harness = Self.formedTrio()
        for node: NodeID in [1, 2, 3] {
            harness.inject(Self.forgedToken(for: node, in: harness, seq: 0x7fff_fff0).encode(), to: node)
        }
        try harness.submit([7], from: 3)
        harness.run(for: .seconds(2))
        #expect(harness.isRing([1, 2, 3]))
        for node: NodeID in [1, 2, 3] { #expect(harness.deliveries[node]?.last?.payload == [7]) }
    }

    /// A plausible forged token (seq ten ahead) leaves a hole no member can fill. The token is
    /// not held while its ring misses messages, so fail_recv_const rotations pass in well under
    /// a second and the ring re-forms; corosync, holding the idle token, needs minutes.
    @Test func aHoleNoMemberCanFillReformsTheRingWithinSeconds() throws {
        var harness = Self.formedTrio()
        let before = harness.cores[1]!.ringID
        let holder = harness.cores.first { $0.value.tokenSeqSeen == harness.cores.values.map(\.tokenSeqSeen).max() }!
            .key
        let high = harness.cores[holder]!.highSeqReceived
        harness.inject(Self.forgedToken(for: holder, in: harness, seq: high &+ 10).encode(), to: holder)
        let start = harness.now
        var reformed = false
        while harness.now < start + .seconds(10), !reformed {
            harness.run(for: .milliseconds(100))
            reformed = harness.isRing([1, 2, 3]) && harness.cores[1]!.ringID != before
        }
        #expect(reformed, "the ring did not re-form within 10 s")
        try harness.submit([8], from: 2)
        harness.run(for: .seconds(2))
        for node: NodeID in [1, 2, 3] { #expect(harness.deliveries[node]?.last?.payload == [8]) }
    }

    /// A garbage merge detect naming a stranger must not put it in proc_list: our own JOINs
    /// would then name an unlisted node, and every node (this one too) would drop them.
    @Test func aStrangersMergeDetectLeavesTheListsAlone() {
        var harness = Self.formedTrio()
        let probe = MergeDetect(sender: 34_817, ringID: RingID(rep: 34_817, seq: 1))
        #expect(drops(harness.inject(probe.encode(), to: 1)) == [.unlistedNode(.mergeDetect)])
        #expect(harness.cores[1]!.state == .operational && !harness.cores[1]!.procList.contains(34_817))
    }

    /// A reload that removes a node takes it out of proc_list and failed_list at once, so the
    /// JOINs this node sends stay acceptable to the nodes that reloaded too.
    @Test func aNodeRemovedByReloadLeavesTheMembershipLists() {
        var core = TotemCore(
            nodeID: 1, nodes: [1, 2, 3], parameters: TotemParameters(nodeCount: 3), persistedRingSeq: 0)
        _ = core.start(now: .zero)
        let join = Join(sender: 3, ringSeq: 1, procList: [1, 2, 3], failedList: [])
        _ = core.receive(join.encode(), now: .zero + .milliseconds(1))
        #expect(Set(core.srp.procList) == [1, 2, 3])
        core.setNodes([1, 2])
        #expect(Set(core.srp.procList) == [1, 2] && core.srp.failedList.isEmpty && !core.srp.consensus.contains(3))
    }

    /// Two messages for one seq: the second is dropped and counted, and the ring re-forms, so a
    /// second token chain cannot go on assigning seqs; a byte-identical copy is a plain duplicate.
    @Test func aSecondMessageForAHeldSeqReFormsTheRing() throws {
        var harness = Self.formedTrio()
        let before = harness.cores[2]!.highSeqReceived
        try harness.submit([1], from: 1)
        while harness.cores[2]!.highSeqReceived == before, harness.step() {}
        let held = try #require(harness.cores[2]!.regularStore[harness.cores[2]!.highSeqReceived])
        let copy = harness.inject(held.bytes, to: 2)
        #expect(drops(copy) == [.duplicateOrOutOfWindowMessage] && harness.cores[2]!.state == .operational)
        var forged = held.mcast
        forged.payload = [2]
        let conflict = harness.inject(forged.encode(), to: 2)
        #expect(drops(conflict) == [.conflictingMessage])
        #expect(harness.cores[2]!.state == .gather && harness.cores[2]!.stats.conflictingMessages == 1)
        let reformed = harness.formsRing([1, 2, 3])
        #expect(reformed)
    }
}
