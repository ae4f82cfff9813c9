@testable import ClusterEngine
import Testing

/// The node's subscriber streams: many subscribers, bounded, never silently lossy.
@Suite struct BroadcastTests {
    @Test func everySubscriberGetsEveryElementInOrder() async throws {
        let broadcast = Broadcast<Int>(limit: 16)
        let first = broadcast.subscribe()
        let second = broadcast.subscribe()
        for value in 1...10 { broadcast.publish(value) }
        broadcast.finish()
        var a: [Int] = []
        for try await value in first { a.append(value) }
        var b: [Int] = []
        for try await value in second { b.append(value) }
        #expect(a == Array(1...10) && b == a)
    }

    @Test func aSubscriberThatFallsBehindIsCutOffWithAnError() async throws {
        let broadcast = Broadcast<Int>(limit: 4)
        let slow = broadcast.subscribe()
        let filtered = broadcast.subscribe { $0 % 5 == 0 }
        for value in 1...10 { broadcast.publish(value) }
        var received: [Int] = []
        await #expect(throws: ClusterNodeError.subscriberTooSlow(limit: 4)) {
            for try await value in slow { received.append(value) }
        }
        #expect(received == [1, 2, 3, 4], "what it got before the cut is whole and in order")
        broadcast.finish()
        var kept: [Int] = []
        for try await value in filtered { kept.append(value) }
        #expect(kept == [5, 10], "a filtered subscriber only counts what it takes")
    }

    @Test func finishingWithAnErrorEndsCurrentAndLaterSubscriptions() async {
        let broadcast = Broadcast<Int>(limit: 4)
        let current = broadcast.subscribe()
        broadcast.finish(throwing: ClusterNodeError.ringFailed("x"))
        await #expect(throws: ClusterNodeError.ringFailed("x")) { for try await _ in current {} }
        await #expect(throws: ClusterNodeError.ringFailed("x")) { for try await _ in broadcast.subscribe() {} }
    }
}
