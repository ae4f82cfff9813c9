import Testing
import Totem
import TotemSimulator

/// Each invariant checker accepts a correct trace and pinpoints a crafted violation.
@Suite struct CheckerTests {
    let all: [NodeID] = [1, 2, 3]

    /// Ring A of 1, 2, 3 delivers 1#1 (seq 1) and 2#1 (safe, seq 2); node 3 crashes; 1 and 2
    /// move together to ring B.
    func correctTrace() -> TraceBuilder {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let first = trace.submit(1, 1)
        let second = trace.submit(2, 1, .safe)
        trace.received(all, TraceBuilder.ringA, 1)
        trace.received(all, TraceBuilder.ringA, 2)
        for node in all { trace.deliver(node, first, TraceBuilder.ringA, 1) }
        for node in all { trace.deliver(node, second, TraceBuilder.ringA, 2) }
        trace.add(.stopped(3))
        for node: NodeID in [1, 2] {
            trace.add(.effect(node, .persistRingSeq(TraceBuilder.ringB.seq)))
            trace.install(node, .transitional, TraceBuilder.ringB, [1, 2])
            trace.install(node, .regular, TraceBuilder.ringB, [1, 2])
        }
        return trace
    }

    @Test func acceptsACorrectTrace() {
        #expect(correctTrace().check() == [])
    }

    @Test func detectsReorderedDelivery() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1), b = trace.submit(1, 2)
        trace.deliver(1, a, TraceBuilder.ringA, 1)
        trace.deliver(1, b, TraceBuilder.ringA, 2)
        trace.deliver(2, b, TraceBuilder.ringA, 2)
        let violations = trace.check()
        #expect(violations.count == 1)
        #expect(violations.first?.invariant == .delivery)
        #expect(violations.first?.node == 2)
        #expect(violations.first?.detail.contains("at position 0 of regular configuration 1.4, where node 1 delivered 1#1") == true)
    }

    @Test func detectsSeqGoingBackwardsOnTheFirstDeliverer() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1), b = trace.submit(1, 2)
        trace.deliver(1, b, TraceBuilder.ringA, 2)
        trace.deliver(1, a, TraceBuilder.ringA, 1)
        #expect(trace.check().map(\.detail) == ["delivered 1#1 with seq 1 after a message with seq 2 in ring 1.4"])
    }

    @Test func detectsDuplicateDelivery() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1)
        trace.deliver(1, a, TraceBuilder.ringA, 1)
        trace.deliver(1, a, TraceBuilder.ringA, 1)
        #expect(trace.check().map(\.detail) == ["delivered 1#1 a second time (ring 1.4 seq 1)"])
    }

    @Test func detectsAGap() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1), b = trace.submit(2, 1), c = trace.submit(3, 1)
        for node: NodeID in [1, 2] {
            trace.deliver(node, a, TraceBuilder.ringA, 1)
            trace.deliver(node, b, TraceBuilder.ringA, 2)
        }
        trace.deliver(3, a, TraceBuilder.ringA, 1)
        trace.deliver(3, c, TraceBuilder.ringA, 3)
        let violations = trace.check()
        #expect(violations.map(\.node) == [3])
        #expect(violations.first?.detail == "delivered 3#1 (seq 3) at position 1 of regular configuration 1.4, where node 1 delivered 2#1 (seq 2)")
    }

    @Test func detectsPhantomAndDamagedMessages() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1)
        trace.deliver(1, MessageID(sender: 2, counter: 9), TraceBuilder.ringA, 1, payload: Array("hello".utf8))
        var damaged = trace.payload(of: a)
        damaged[damaged.count - 1] ^= 0xFF
        trace.deliver(2, a, TraceBuilder.ringA, 1, payload: damaged)
        let (unknownTag, unknownPayload) = PayloadTag.payload(id: MessageID(sender: 3, counter: 7), guarantee: .agreed, bodyLength: 4)
        _ = unknownTag
        trace.deliver(3, MessageID(sender: 3, counter: 7), TraceBuilder.ringA, 1, payload: unknownPayload)
        let details = trace.check().map(\.detail)
        #expect(details.count == 3)
        #expect(details[0].hasPrefix("delivered a phantom message from 2 (5 bytes, no simulator tag)"))
        #expect(details[1].hasPrefix("delivered 1#1 damaged: body checksum"))
        #expect(details[2] == "delivered 3#7, which was never submitted (ring 1.4 seq 1)")
    }

    @Test func detectsDeliveryOfAnotherRingsMessage() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1)
        trace.deliver(1, a, TraceBuilder.ringB, 1)
        #expect(trace.check().map(\.detail) == ["delivered 1#1 ordered in ring 1.8 while in the regular configuration 1.4"])
    }

    @Test func transitionalDeliveriesMayHaveGapsButNotDisorder() {
        var trace = TraceBuilder()
        trace.formRingA([1, 2])
        let a = trace.submit(1, 1), b = trace.submit(2, 1), c = trace.submit(2, 2)
        trace.deliver(1, a, TraceBuilder.ringA, 1)
        trace.add(.effect(1, .persistRingSeq(8)))
        trace.install(1, .transitional, TraceBuilder.ringB, [1])
        trace.deliver(1, c, TraceBuilder.ringA, 3)  // gap at seq 2 is allowed here
        trace.deliver(1, b, TraceBuilder.ringA, 2)  // but not going back
        #expect(trace.check().map(\.detail) == ["delivered 2#1 with seq 2 after a message with seq 3 in ring 1.4"])
    }

    @Test func detectsAVirtualSynchronyViolation() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(3, 1)
        trace.add(.stopped(3))
        for node: NodeID in [1, 2] {
            trace.add(.effect(node, .persistRingSeq(8)))
            trace.install(node, .transitional, TraceBuilder.ringB, [1, 2])
        }
        trace.deliver(1, a, TraceBuilder.ringA, 1)  // only node 1 delivers it after the transitional configuration
        for node: NodeID in [1, 2] { trace.install(node, .regular, TraceBuilder.ringB, [1, 2]) }
        let violations = trace.check()
        #expect(violations.map(\.invariant) == [.virtualSynchrony])
        #expect(violations.first?.detail == "nodes 2 and 1 moved together from 1.4 to 1.8 but delivered different messages in 1.4: only 2 delivered [], only 1 delivered [3#1] (first 8 each)")
    }

    @Test func nodesThatDidNotMoveTogetherMayDiffer() {
        var trace = TraceBuilder()
        trace.formRingA([1, 2])
        let a = trace.submit(2, 1)
        for node: NodeID in [1, 2] { trace.add(.effect(node, .persistRingSeq(8))) }
        trace.install(1, .transitional, TraceBuilder.ringB, [1])
        trace.install(2, .transitional, TraceBuilder.ringB, [2])
        trace.deliver(2, a, TraceBuilder.ringA, 1)
        for node: NodeID in [1, 2] { trace.install(node, .regular, TraceBuilder.ringB, [1, 2]) }
        #expect(trace.check() == [])
    }

    @Test func detectsSafeDeliveryBeforeEveryMemberReceived() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1, .safe)
        trace.received([1, 2], TraceBuilder.ringA, 1)
        trace.deliver(1, a, TraceBuilder.ringA, 1)
        let violations = trace.check()
        #expect(violations.map(\.invariant) == [.safeDelivery])
        #expect(violations.first?.detail == "delivered 1#1 (safe, ring 1.4 seq 1) in regular configuration 1.4 [1, 2, 3], but members [3] had not received that MCAST")
    }

    @Test func agreedDeliveryNeedsNoReceiptByOthers() {
        var trace = TraceBuilder()
        trace.formRingA(all)
        let a = trace.submit(1, 1, .agreed)
        trace.received([1], TraceBuilder.ringA, 1)
        trace.deliver(1, a, TraceBuilder.ringA, 1)
        #expect(trace.check() == [])
    }

    @Test func detectsMismatchedRingMembership() {
        var trace = TraceBuilder()
        trace.formRingA([1, 2])
        trace.add(.started(3, persistedRingSeq: 0))
        trace.add(.effect(3, .persistRingSeq(4)))
        trace.install(3, .regular, TraceBuilder.ringA, [1, 3])
        trace.install(3, .regular, RingID(rep: 3, seq: 4), [1, 2])
        let details = trace.check().filter { $0.invariant == .membership }.map(\.detail)
        #expect(details == [
            "installed regular configuration 1.4 with members [1, 3], but node 1 installed it with [1, 2]",
            "installed regular configuration 3.4 [1, 2] that does not contain itself",
            "installed regular configuration 3.4 [1, 2] with ring seq 4, not above the 4 it installed before",
        ])
    }

    @Test func detectsRingSeqGoingBackwardsAcrossARestart() {
        var trace = TraceBuilder()
        trace.formRingA([1])
        trace.add(.stopped(1))
        trace.add(.started(1, persistedRingSeq: 4))
        trace.install(1, .transitional, RingID(rep: 1, seq: 2), [1])
        trace.install(1, .regular, RingID(rep: 1, seq: 2), [1])
        let details = trace.check().map(\.detail)
        #expect(details.contains("installed regular configuration 1.2 [1] with ring seq 2, not above the 4 it installed before"))
        #expect(details.contains("installed transitional configuration 1.2 [1] with ring seq 2, not above the 4 it installed before"))
    }

    @Test func detectsInstallingAnUnpersistedRingSeqAndPersistingBackwards() {
        var trace = TraceBuilder()
        trace.add(.started(1, persistedRingSeq: 0))
        trace.install(1, .regular, TraceBuilder.ringA, [1])
        trace.add(.effect(1, .persistRingSeq(8)))
        trace.add(.effect(1, .persistRingSeq(4)))
        #expect(trace.check().map(\.detail) == [
            "installed regular configuration 1.4 [1] with ring seq 4 but had persisted only 0",
            "persisted ring seq 4 after 8",
        ])
    }

    @Test func livenessReportsUndeliveredMessagesAndMissingConvergence() {
        var trace = correctTrace()
        let lost = trace.submit(1, 2)
        var suite = CheckerSuite()
        #expect(suite.observe(trace.events) == [])
        #expect(suite.liveness.convergedRing(liveNodes: [1, 2]) == TraceBuilder.ringB)
        #expect(suite.liveness.convergedRing(liveNodes: [1, 2, 3]) == nil)
        let probe = MessageID(sender: 2, counter: 1)
        let violations = suite.liveness.finalViolations(liveNodes: [1, 2], probes: [probe, lost], at: .zero)
        #expect(violations.map(\.detail) == [
            "never delivered its own message 1#2, submitted at t=0.000ms by this same incarnation",
            "probe 1#2, submitted after convergence, was not delivered by nodes [1, 2]",
        ])
        #expect(suite.liveness.finalViolations(liveNodes: [1, 2], probes: [probe], at: .zero) != [])
        #expect(suite.liveness.allDelivered(liveNodes: [1, 2], probes: []) == false)
    }
}
