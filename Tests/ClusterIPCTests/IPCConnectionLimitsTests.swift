import ClusterEngine
import Testing

/// The caps and the refusal log's rate limit as plain objects.
@Suite struct IPCConnectionLimitsTests {
    @Test func perUIDCapThenGlobalCapAndSlotsComeBack() {
        let limits = IPCConnectionLimits(maxPerUID: 2, maxTotal: 3)
        #expect(limits.admit(uid: 1000) == nil && limits.admit(uid: 1000) == nil)
        #expect(limits.admit(uid: 1000) == .perUID)
        #expect(limits.admit(uid: 1001) == nil)
        #expect(limits.admit(uid: 1002) == .global)
        limits.release(uid: 1000)
        #expect(limits.held(by: 1000) == 1 && limits.total == 2)
        #expect(limits.admit(uid: 1002) == nil)
        #expect(limits.total == 3)
    }

    @Test func rootIsUncappedByDefaultAndNeverCounted() {
        let limits = IPCConnectionLimits(maxPerUID: 1, maxTotal: 1)
        for _ in 0..<100 { #expect(limits.admit(uid: 0) == nil) }
        limits.release(uid: 0)
        #expect(limits.total == 0 && limits.admit(uid: 5) == nil && limits.admit(uid: 6) == .global)
        let capped = IPCConnectionLimits(maxPerUID: 1, maxTotal: 10, uncapped: [])
        #expect(capped.admit(uid: 0) == nil && capped.admit(uid: 0) == .perUID)
    }

    @Test func releaseOfAnUnknownUIDChangesNothing() {
        let limits = IPCConnectionLimits(maxPerUID: 1, maxTotal: 1)
        limits.release(uid: 7)
        #expect(limits.total == 0 && limits.admit(uid: 7) == nil)
    }

    @Test func refusalLogLetsOneLinePerUIDPerIntervalAndCountsTheRest() {
        let log = IPCRefusalLog(interval: .seconds(1))
        let start = ContinuousClock.now
        #expect(log.shouldLog(uid: 1000, now: start) == 0)
        for step in 1...5 { #expect(log.shouldLog(uid: 1000, now: start + .milliseconds(100 * step)) == nil) }
        #expect(log.shouldLog(uid: 1001, now: start + .milliseconds(200)) == 0)
        #expect(log.shouldLog(uid: 1000, now: start + .milliseconds(1_000)) == 5)
        #expect(log.shouldLog(uid: 1000, now: start + .milliseconds(1_100)) == nil)
        #expect(log.shouldLog(uid: 1000, now: start + .milliseconds(2_500)) == 1)
    }

    @Test func refusalLogForgetsQuietUIDsWhenItGrows() {
        let log = IPCRefusalLog(interval: .seconds(1))
        let start = ContinuousClock.now
        for uid in UInt32(0)..<2_000 { #expect(log.shouldLog(uid: uid, now: start) == 0) }
        // Long after: every uid logs again, and the table was pruned on the way.
        for uid in UInt32(0)..<2_000 { #expect(log.shouldLog(uid: uid, now: start + .seconds(5)) == 0) }
    }
}
