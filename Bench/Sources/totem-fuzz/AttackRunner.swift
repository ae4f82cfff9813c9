import Foundation
import Synchronization
import Totem

/// What one attack did and how the ring came back.
struct AttackResult {
    /// The attack.
    var attack: Attack
    /// Datagrams the kernel accepted, and refused.
    var sent = 0, refused = 0
    /// How long the attack actually sent.
    var seconds = 0.0
    /// From the attack's end until every queried node was operational in one ring with every
    /// nodelist node (the last time it became so, when a reload found it stuck and it re-formed);
    /// nil if that did not happen before the fuzzer gave up.
    var ringWhole: Duration?
    /// From the attack's end until a reload request succeeded and the ring was still whole
    /// after it; nil if that did not happen.
    var reload: Duration?
    /// Reload requests that succeeded while the ring then turned out not to be whole, or that
    /// failed, before the one that counted.
    var retries = 0
    /// When the attack started and ended (wall clock, for reading the nodes' logs).
    var started = "", ended = ""
    /// Why the reload failed, or why the attack did not run.
    var problem: String?
    /// The queried nodes' last status when the ring was not whole.
    var lastReading: String?
    /// Nodes whose totemd had exited by the end of the measurement, with how.
    var exited: [NodeID: String] = [:]
    /// Summed over the queried nodes: how often they entered GATHER, and how many datagrams
    /// their SRP dropped, while the attack and the recovery ran.
    var gathers: UInt64 = 0, drops: UInt64 = 0
    /// Whether the forged seqs were built from sniffed traffic (true) or guessed.
    var sniffed = false
    /// The attack did not run (the ring was not whole before it).
    var skipped = false

    /// True when the ring was whole and the reload done within `bound`, and no node exited.
    func recovered(within bound: Duration) -> Bool {
        guard !skipped, exited.isEmpty, let ringWhole, let reload else { return false }
        return ringWhole <= bound && reload <= bound
    }
}

/// Runs attacks one after another against one ring and measures each recovery.
final class AttackRunner {
    let ring: FuzzRing
    let probe: RingProbe
    let impersonator: Impersonator
    let live: LiveRing
    var forger: Forger
    /// Seconds of sending per attack, and datagrams per second.
    let duration: Duration, rate: Double
    /// The bound on recovery; the fuzzer keeps watching up to three times as long.
    let recoveryTimeout: Duration
    /// Which nodes' totemd has exited (spawned children, or `--pid` processes).
    let exitedNodes: () -> [NodeID: String]
    /// True when a sniffer feeds ``live``.
    let sniffing: Bool

    init(
        ring: FuzzRing, targets: [NodeID], seed: UInt64, duration: Duration, rate: Double, recoveryTimeout: Duration,
        sniffing: Bool, live: LiveRing, impersonator: Impersonator, exitedNodes: @escaping () -> [NodeID: String]
    ) {
        self.ring = ring
        probe = RingProbe(ring: ring)
        self.impersonator = impersonator
        self.live = live
        forger = Forger(ring: ring, targets: targets, random: SplitMix64(seed: seed))
        self.duration = duration
        self.rate = rate
        self.recoveryTimeout = recoveryTimeout
        self.exitedNodes = exitedNodes
        self.sniffing = sniffing
    }

    /// Waits up to `settle` for a whole ring, attacks, and measures the recovery.
    func run(_ attack: Attack, settle: Duration) -> AttackResult {
        var result = AttackResult(attack: attack, sniffed: sniffing && attack.needsRingID)
        let before = probe.waitWhole(until: .now + settle)
        guard before.whole else {
            result.skipped = true
            result.problem = "the ring was not whole before the attack"
            result.lastReading = before.reading.summary
            result.exited = exitedNodes()
            return result
        }
        if let ringID = before.reading.newestRingID { live.reported(ringID) }
        let countersBefore = probe.counters()
        let poller = RingIDPoller(probe: probe, live: live)
        result.started = WallClock.now()
        (result.sent, result.refused, result.seconds) = send(attack)
        let end = ContinuousClock.now
        result.ended = WallClock.now()
        poller.stop()
        measureRecovery(from: end, into: &result)
        let countersAfter = probe.counters()
        result.gathers = Self.delta(countersBefore, countersAfter, "gather_entered")
        result.drops = Self.delta(countersBefore, countersAfter, "rx_msg_dropped")
        result.exited = exitedNodes()
        return result
    }

    /// Waits for a whole ring, then reloads; a reload after which the ring is no longer whole,
    /// or is whole in another ring (a ring that looked whole while its order was stuck, and
    /// re-formed), starts over, until three times the recovery bound has passed.
    private func measureRecovery(from end: ContinuousClock.Instant, into result: inout AttackResult) {
        let giveUp = end + recoveryTimeout * 3
        let members = ring.ids.map(\.rawValue)
        while true {
            let after = probe.waitWhole(until: giveUp)
            guard after.whole else {
                result.lastReading = after.reading.summary
                return
            }
            result.ringWhole = ContinuousClock.now - end
            if let error = probe.reload(until: giveUp) {
                result.problem = "reload: \(error)"
                return
            }
            let reloaded = ContinuousClock.now - end
            let check = probe.read()
            if check.isWhole(members: members), check.newestRingID == after.reading.newestRingID {
                result.reload = reloaded
                return
            }
            result.retries += 1
            let ring = after.reading.newestRingID.map { "ring \($0)" } ?? "the ring"
            result.problem =
                "reload done after \(Report.seconds(reloaded)) s, \(ring) whole before it, then: "
                + check.summary
        }
    }

    /// Sends `attack`'s datagrams at ``rate`` for ``duration``; returns what was sent.
    private func send(_ attack: Attack) -> (sent: Int, refused: Int, seconds: Double) {
        impersonator.resetCounts()
        guard attack != .none else { return (0, 0, 0) }
        let start = ContinuousClock.now
        let end = start + duration
        var attempted = 0
        while ContinuousClock.now < end {
            let due = Int((ContinuousClock.now - start) / .seconds(1) * rate)
            var batch = 0
            while attempted < due, batch < 1_000 {
                guard let forged = forger.next(attack, live: live.view) else { break }
                for target in forged.targets {
                    impersonator.send(forged.bytes, from: forged.source, to: target)
                    attempted += 1
                }
                batch += 1
            }
            if attempted >= due || batch == 0 { Thread.sleep(forTimeInterval: 0.0005) }
        }
        return (impersonator.sent, impersonator.failed, (ContinuousClock.now - start) / .seconds(1))
    }

    private static func delta(_ before: [String: UInt64], _ after: [String: UInt64], _ key: String) -> UInt64 {
        let old = before[key] ?? 0
        let new = after[key] ?? 0
        return new >= old ? new - old : new  // a restarted node starts from zero
    }
}

/// Wall-clock time of day with milliseconds, as the nodes' logs print it.
enum WallClock {
    /// `HH:MM:SS.mmm`, local time.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        let milliseconds = spec.tv_nsec / 1_000_000
        return String(format: "%02d:%02d:%02d.%03d", parts.tm_hour, parts.tm_min, parts.tm_sec, milliseconds)
    }
}

/// Asks the nodes for the ring id every 250 ms while an attack runs, so that forged datagrams
/// follow the ring through the re-formations they cause even without a sniffer.
final class RingIDPoller: Sendable {
    private let stopped = Atomic<Bool>(false)

    init(probe: RingProbe, live: LiveRing) {
        var quick = probe
        quick.callTimeout = .milliseconds(300)
        Thread.detachNewThread { [self, quick] in
            while !self.stopped.load(ordering: .relaxed) {
                if let ringID = quick.read().newestRingID { live.reported(ringID) }
                for _ in 0..<25 where !self.stopped.load(ordering: .relaxed) { usleep(10_000) }
            }
        }
    }

    /// Stops polling without waiting: the thread ends after its current status call (at most
    /// one 300 ms timeout per node), which must not count in the recovery just starting.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
