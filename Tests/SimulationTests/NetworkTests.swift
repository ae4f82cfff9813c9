import Testing
import Totem
import TotemSimulator

/// The virtual network's faults follow their settings and are a pure function of the seed.
@Suite struct NetworkTests {
    func network(seed: UInt64, loss: UInt32 = 0, duplicate: UInt32 = 0, jitter: Duration = .zero) -> VirtualNetwork {
        var settings = FaultSettings()
        settings.lossPerMille = loss
        settings.duplicatePerMille = duplicate
        settings.jitter = jitter
        return VirtualNetwork(nodeCount: 3, settings: settings, random: SimulationRandom(seed: seed))
    }

    /// Routes 20 000 datagrams 1 -> 2, one every 100 us; returns every copy's delay.
    func traffic(_ network: inout VirtualNetwork) -> [[Duration]] {
        (0..<20_000).map { network.route(from: 1, to: 2, at: Instant(nanoseconds: UInt64($0) * 100_000)) }
    }

    @Test func lossAndDuplicationFollowTheirRates() {
        var net = network(seed: 7, loss: 200, duplicate: 50)
        _ = traffic(&net)
        #expect((3_600...4_400).contains(net.statistics.lost))
        #expect((650...950).contains(net.statistics.duplicated))
        #expect(net.statistics.routed == 20_000)
        #expect(net.statistics.scheduled == 20_000 - net.statistics.lost + net.statistics.duplicated)
    }

    @Test func sameSeedSameFates() {
        var first = network(seed: 42, loss: 100, duplicate: 100, jitter: .milliseconds(2))
        var second = network(seed: 42, loss: 100, duplicate: 100, jitter: .milliseconds(2))
        var other = network(seed: 43, loss: 100, duplicate: 100, jitter: .milliseconds(2))
        let a = traffic(&first), b = traffic(&second), c = traffic(&other)
        #expect(a == b)
        #expect(first.statistics == second.statistics)
        #expect(a != c)
    }

    @Test func jitterReordersAndNoJitterKeepsOrder() {
        var jittery = network(seed: 1, jitter: .milliseconds(3))
        _ = traffic(&jittery)
        #expect(jittery.statistics.reordered > 1_000)
        var steady = network(seed: 1)
        _ = traffic(&steady)
        #expect(steady.statistics.reordered == 0)
    }

    @Test func partitionsCutLinksUntilHealed() {
        var net = network(seed: 3)
        net.partition([[1, 2], [3]])
        #expect(net.canReach(from: 1, to: 2) && net.canReach(from: 2, to: 1))
        #expect(!net.canReach(from: 1, to: 3) && !net.canReach(from: 3, to: 2))
        #expect(net.route(from: 3, to: 1, at: .zero) == [])
        #expect(net.statistics.blocked == 1)
        net.heal()
        #expect(!net.isPartitioned)
        #expect(net.route(from: 3, to: 1, at: .zero).count == 1)
    }

    @Test func asymmetricBlockCutsOneDirection() {
        var net = network(seed: 3)
        net.block(from: 1, to: 2)
        #expect(!net.canReach(from: 1, to: 2))
        #expect(net.canReach(from: 2, to: 1))
    }

    @Test func cloggingDelaysEveryLinkOfTheNodeButNotItsLoopback() {
        var net = network(seed: 3)
        net.clog(2, by: .seconds(1))
        #expect(net.isClogged)
        #expect(net.route(from: 1, to: 2, at: .zero) == [.seconds(1) + .microseconds(100)])
        #expect(net.route(from: 2, to: 3, at: .zero) == [.seconds(1) + .microseconds(100)])
        #expect(net.route(from: 1, to: 3, at: .zero) == [.microseconds(100)])
        #expect(net.route(from: 2, to: 2, at: .zero) == [.microseconds(10)])
        net.unclog(2)
        #expect(!net.isClogged)
        #expect(net.route(from: 1, to: 2, at: .zero) == [.microseconds(100)])
    }

    @Test func unlistedNodesAreIsolated() {
        var net = network(seed: 3)
        net.partition([[1, 2]])
        #expect(!net.canReach(from: 3, to: 1) && !net.canReach(from: 1, to: 3))
    }

    @Test func loopbackIsNeverLostBlockedOrDuplicated() {
        var net = network(seed: 9, loss: 1000, duplicate: 1000, jitter: .milliseconds(5))
        net.partition([[1], [2], [3]])
        for step in 0..<1_000 {
            #expect(net.route(from: 2, to: 2, at: Instant(nanoseconds: UInt64(step))) == [.microseconds(10)])
        }
        #expect(net.route(from: 1, to: 2, at: .zero) == [])
    }

    @Test func randomIsSeededAndForksIndependently() {
        var a = SimulationRandom(seed: 5), b = SimulationRandom(seed: 5)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        let child = SimulationRandom(seed: 5).fork(1)
        #expect(child.seed != 5)
        #expect(child == SimulationRandom(seed: 5).fork(1))
        #expect(child != SimulationRandom(seed: 5).fork(2))
        var ranged = SimulationRandom(seed: 11)
        #expect((0..<1_000).allSatisfy { _ in (3...9).contains(ranged.int(in: 3...9)) })
    }

    @Test func eventQueueOrdersByTimeThenInsertion() {
        var queue = EventQueue<String>()
        queue.push("late", at: Instant(nanoseconds: 9))
        queue.push("first", at: Instant(nanoseconds: 5))
        queue.push("second", at: Instant(nanoseconds: 5))
        queue.push("early", at: Instant(nanoseconds: 1))
        queue.push("third", at: Instant(nanoseconds: 5))
        var order: [String] = []
        while let (_, event) = queue.pop() { order.append(event) }
        #expect(order == ["early", "first", "second", "third", "late"])
    }

    @Test func payloadTagsRoundTripAndDetectDamage() {
        let id = MessageID(sender: 4, counter: 77)
        let (tag, payload) = PayloadTag.payload(id: id, guarantee: .safe, bodyLength: 1_000)
        #expect(payload.count == PayloadTag.headerSize + 1_000)
        #expect(PayloadTag.decode(payload) == tag)
        #expect(tag.verify(payload) == nil)
        #expect(PayloadTag.payload(id: id, guarantee: .safe, bodyLength: 1_000).1 == payload)
        #expect(tag.verify(Array(payload.dropLast())) == "body is 999 bytes, tag says 1000")
        #expect(PayloadTag.decode(Array("not a tag at all, really not one".utf8)) == nil)
    }

    @Test func swarmSettingsAreSeededAndRespectToggles() {
        #expect(FaultSettings.swarm(seed: 12, nodeCount: 5) == FaultSettings.swarm(seed: 12, nodeCount: 5))
        let distinct = Set((1...20).map { FaultSettings.swarm(seed: $0, nodeCount: 5) })
        #expect(distinct.count == 20)
        for seed in UInt64(1)...50 {
            let quiet = FaultSettings.swarm(seed: seed, nodeCount: 5, toggles: .none)
            #expect(quiet.lossPerMille == 0 && quiet.duplicatePerMille == 0 && quiet.jitter == .zero)
            #expect(quiet.partitionInterval == nil && quiet.crashInterval == nil && quiet.pauseInterval == nil && quiet.clogInterval == nil)
            #expect(quiet.largePerMille == 0 && quiet.hugePerMille == 0 && quiet.token == nil)
            let loud = FaultSettings.swarm(seed: seed, nodeCount: 5)
            #expect(loud.lossPerMille <= 300)
            #expect(loud.latency >= .microseconds(50) && loud.latency <= .microseconds(200))
        }
    }
}
