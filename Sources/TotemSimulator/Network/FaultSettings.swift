import Totem

/// Every fault knob of one run. ``swarm(seed:nodeCount:toggles:maxMessageBytes:)`` draws them
/// from the seed (swarm testing: each seed gets its own mix), and ``description`` prints them all
/// so that a failure report states the exact conditions.
public struct FaultSettings: Hashable, Sendable, CustomStringConvertible {
    /// Chance, per mille, that a datagram between two different nodes is lost (loopback never is).
    public var lossPerMille: UInt32 = 0
    /// Chance, per mille, that a datagram is delivered twice (independent delays).
    public var duplicatePerMille: UInt32 = 0
    /// Base one-way latency between two nodes.
    public var latency: Duration = .microseconds(100)
    /// Extra uniform random delay (0 ... jitter) per datagram; this is what reorders.
    public var jitter: Duration = .zero
    /// Latency of self-addressed datagrams (no jitter, so loopback keeps its order).
    public var loopbackLatency: Duration = .microseconds(10)
    /// Nodes start at random instants in 0 ... startSpread.
    public var startSpread: Duration = .zero
    /// Mean time between partition changes (split or heal); nil: never.
    public var partitionInterval: Duration?
    /// Chance, per mille, that a split is asymmetric (one-way) rather than into groups.
    public var asymmetricPerMille: UInt32 = 0
    /// Mean time between crashes; nil: never.
    public var crashInterval: Duration?
    /// Chance, per mille, that a crash is an orderly leave instead.
    public var leavePerMille: UInt32 = 0
    /// How long a crashed node stays down.
    public var downtime: ClosedRange<Duration> = .seconds(1) ... .seconds(10)
    /// Mean time between pauses; nil: never.
    public var pauseInterval: Duration?
    /// How long a pause lasts.
    public var pauseLength: ClosedRange<Duration> = .milliseconds(100) ... .seconds(10)
    /// Mean time between clogs; nil: never.
    public var clogInterval: Duration?
    /// Extra delay a clogged node's datagrams get.
    public var clogDelay: ClosedRange<Duration> = .milliseconds(100) ... .seconds(2)
    /// How long a clog lasts.
    public var clogLength: ClosedRange<Duration> = .milliseconds(500) ... .seconds(10)
    /// Mean time between bursts of submissions; nil: the simulator submits nothing itself.
    public var submitInterval: Duration?
    /// Messages per burst.
    public var burstSize: ClosedRange<Int> = 1...10
    /// Chance, per mille, that a message asks for `.safe`.
    public var safePerMille: UInt32 = 0
    /// Chance, per mille, that a message body is 1 KiB ... 100 KiB (otherwise 0 ... 1 KiB).
    public var largePerMille: UInt32 = 0
    /// Chance, per mille, that a message body is 100 KiB ... 1 MiB.
    public var hugePerMille: UInt32 = 0
    /// Upper bound for any body size.
    public var maxMessageBytes = PayloadTag.largestBody
    /// Token timeout to run with instead of the default (derived timers follow); nil: defaults.
    public var token: Duration?
    /// Mean time between bursts of forged datagrams from listed addresses; nil: never.
    public var forgeInterval: Duration?
    /// Forged datagrams per burst.
    public var forgeBurst: ClosedRange<Int> = 1...20

    /// No faults at all: fixed 100 us latency, no submissions. The scenario API starts here.
    public init() {}

    /// A perfect network and no process faults.
    public static let none = FaultSettings()

    /// The knobs seed `seed` picks, within what `toggles` allow.
    public static func swarm(
        seed: UInt64, nodeCount: Int, toggles: FaultToggles = .all, maxMessageBytes: Int = PayloadTag.largestBody
    ) -> FaultSettings {
        var random = SimulationRandom(seed: seed).fork(0xFA17)
        var settings = FaultSettings()
        let token = TotemParameters(nodeCount: nodeCount).token
        settings.maxMessageBytes = maxMessageBytes
        settings.latency = random.duration(in: .microseconds(50) ... .microseconds(200))
        settings.startSpread = random.duration(in: .zero ... .seconds(2))
        if toggles.loss, random.chance(perMille: 750) { settings.lossPerMille = UInt32(random.below(301)) }
        if toggles.duplication, random.chance(perMille: 500) { settings.duplicatePerMille = UInt32(random.below(101)) }
        if toggles.reordering, random.chance(perMille: 750) {
            settings.jitter = random.duration(in: .microseconds(10) ... .milliseconds(5))
        }
        if toggles.partitions, random.chance(perMille: 700) {
            settings.partitionInterval = random.duration(in: .seconds(2) ... .seconds(20))
            settings.asymmetricPerMille = UInt32(random.below(501))
        }
        if toggles.crashes, nodeCount > 1, random.chance(perMille: 600) {
            settings.crashInterval = random.duration(in: .seconds(3) ... .seconds(30))
            settings.leavePerMille = UInt32(random.below(501))
            settings.downtime = .milliseconds(200)...random.duration(in: .seconds(1) ... .seconds(20))
        }
        if toggles.pauses, random.chance(perMille: 500) {
            settings.pauseInterval = random.duration(in: .seconds(3) ... .seconds(30))
            settings.pauseLength = .milliseconds(50)...random.duration(in: .milliseconds(200)...token * 3)
        }
        if toggles.clogging, nodeCount > 1, random.chance(perMille: 400) {
            settings.clogInterval = random.duration(in: .seconds(3) ... .seconds(30))
            settings.clogDelay = .milliseconds(10)...random.duration(in: .milliseconds(50)...token * 2)
            settings.clogLength = .milliseconds(200)...random.duration(in: .seconds(1) ... .seconds(15))
        }
        settings.submitInterval = random.duration(in: .milliseconds(20) ... .seconds(2))
        settings.burstSize = 1...random.int(in: 1...30)
        settings.safePerMille = UInt32(random.pick([0, 200, 500, 1000]) ?? 0)
        if toggles.largeMessages {
            settings.largePerMille = UInt32(random.below(301))
            settings.hugePerMille = random.chance(perMille: 300) ? UInt32(random.below(11)) : 0
        }
        if toggles.timers, random.chance(perMille: 300) {
            settings.token = random.duration(in: .milliseconds(200)...token)
        }
        // Drawn last, from a stream of its own: the other knobs of a seed stay what they were.
        var hostile = SimulationRandom(seed: seed).fork(0xF0F6)
        if toggles.hostile, hostile.chance(perMille: 400) {
            settings.forgeInterval = hostile.duration(in: .milliseconds(500) ... .seconds(10))
            settings.forgeBurst = 1...hostile.int(in: 1...30)
        }
        return settings
    }

    /// The totem parameters a run with these settings uses: corosync's defaults for
    /// `nodeCount`, or, when ``token`` is set, that token with corosync's derived timers
    /// (retransmit = token / 4.2, hold = 0.8 retransmit - 10 ms, consensus = 1.2 token).
    public func parameters(nodeCount: Int) -> TotemParameters {
        var parameters = TotemParameters(nodeCount: nodeCount)
        if let token {
            let tokenMs = token.wholeMilliseconds
            let retransmitMs = tokenMs * 10 / 42
            parameters.token = .milliseconds(tokenMs)
            parameters.tokenRetransmit = .milliseconds(retransmitMs)
            parameters.hold = .milliseconds(max(14, retransmitMs * 8 / 10 - 10))
            parameters.consensus = .milliseconds(tokenMs * 12 / 10)
        }
        return parameters
    }

    /// Every knob on one line.
    public var description: String {
        func interval(_ value: Duration?) -> String { value.map { "every~\(Self.format($0))" } ?? "off" }
        func range(_ value: ClosedRange<Duration>) -> String {
            "\(Self.format(value.lowerBound))..\(Self.format(value.upperBound))"
        }
        return
            "loss=\(lossPerMille)‰ dup=\(duplicatePerMille)‰ latency=\(Self.format(latency))"
            + " jitter=\(Self.format(jitter))"
            + " start-spread=\(Self.format(startSpread))"
            + " partitions=\(interval(partitionInterval)) asymmetric=\(asymmetricPerMille)‰"
            + " crashes=\(interval(crashInterval)) leaves=\(leavePerMille)‰ downtime=\(range(downtime))"
            + " pauses=\(interval(pauseInterval)) pause-length=\(range(pauseLength))"
            + " clogs=\(interval(clogInterval)) clog-delay=\(range(clogDelay)) clog-length=\(range(clogLength))"
            + " submits=\(interval(submitInterval)) burst=\(burstSize.lowerBound)..\(burstSize.upperBound)"
            + " safe=\(safePerMille)‰ large=\(largePerMille)‰ huge=\(hugePerMille)‰ max-bytes=\(maxMessageBytes)"
            + " token=\(token.map { Self.format($0) } ?? "default")"
            + " forgeries=\(interval(forgeInterval)) forge-burst=\(forgeBurst.lowerBound)..\(forgeBurst.upperBound)"
    }

    /// `1.5s`, `250ms`, `80us`.
    static func format(_ duration: Duration) -> String {
        let nanos = duration.nanosecondsClamped
        if nanos >= 1_000_000_000, nanos % 1_000_000 == 0 { return "\(Double(nanos / 1_000_000) / 1000)s" }
        if nanos >= 1_000_000 { return "\(nanos / 1_000_000)ms" }
        return "\(nanos / 1_000)us"
    }
}
