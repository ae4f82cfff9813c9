import Testing
import Totem
import TotemSimulator

/// The generic `totem-sim` logic, run with the fake.
@Suite struct RunnerTests {
    func options(seeds: Int) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.seeds = seeds
        options.firstSeed = 100
        options.nodeRange = 1...4
        options.durationSeconds = 5
        options.toggles = .none
        options.toggles.reordering = true
        options.maxMessageBytes = 2_048
        return options
    }

    @Test func passingSeedsExitZeroWithASummary() {
        var lines: [String] = []
        let summary = SimulatorRunner.run(Fake.self, options: options(seeds: 4)) { lines.append($0) }
        #expect(summary.exitCode == 0)
        #expect(summary.seedsRun == 4)
        #expect(lines.last?.hasPrefix("seeds=4 passed=4 failed=0") == true)
    }

    @Test func failuresPrintSeedSettingsAndReplayAndExitOne() {
        var lines: [String] = []
        var options = options(seeds: 2)
        options.nodes = 3
        options.toggles.partitions = false
        let summary = SimulatorRunner.run(SequencerNode<EagerSafeSequencer>.self, options: options) { lines.append($0) }
        #expect(summary.exitCode == 1)
        #expect(summary.failedSeeds == [100, 101])
        #expect(summary.violationsByInvariant[.safeDelivery] ?? 0 >= 2)
        #expect(lines.contains { $0.hasPrefix("FAIL seed=100 nodes=3 digest=") && $0.contains("[safe-delivery]") })
        #expect(lines.contains { $0.hasPrefix("  faults: loss=0‰") })
        let replay =
            "  replay: swift run totem-sim --seed 100 --nodes 3 --duration 5 --max-message-bytes 2048"
            + " --no-loss --no-duplication --no-partitions --no-crashes --no-pauses --no-clogging"
            + " --no-large-messages --no-timer-variation --no-hostile"
        #expect(lines.contains(replay))
    }

    @Test func aSingleSeedIsVerboseAndReproducible() {
        var options = options(seeds: 1)
        options.seed = 102
        var first: [String] = []
        var second: [String] = []
        _ = SimulatorRunner.run(Fake.self, options: options) { first.append($0) }
        _ = SimulatorRunner.run(Fake.self, options: options) { second.append($0) }
        #expect(first == second)
        #expect(first.first?.hasPrefix("SEED=102 nodes=") == true)
        #expect(first.contains { $0.hasPrefix("faults: ") })
        #expect(first.contains { $0.hasPrefix("PASS seed=102") })
    }

    @Test func nodeCountsComeFromTheSeedWithinTheRange() {
        var options = SimulatorOptions()
        options.nodeRange = 2...7
        let counts = (UInt64(1)...200).map { options.nodeCount(for: $0) }
        #expect(counts.allSatisfy { (2...7).contains($0) })
        #expect(Set(counts).count == 6)
        #expect(counts == (UInt64(1)...200).map { options.nodeCount(for: $0) })
        options.nodes = 5
        #expect(options.nodeCount(for: 9) == 5)
        #expect(options.seedList.count == 100)
    }

    /// `--quorum` runs local clients unless `--no-clients`, and the replay command says so.
    @Test func replayKeepsTheClientSetting() {
        var options = SimulatorOptions()
        options.quorum = true
        #expect(!options.arguments(seed: 3, nodeCount: 4).contains("--no-clients"))
        options.clients = false
        #expect(options.arguments(seed: 3, nodeCount: 4).suffix(2) == ["--quorum", "--no-clients"])
    }
}

/// The event trace of a single-seed replay.
@Suite struct TraceTests {
    @Test func traceRecordsDatagramsTimeoutsAndDeliveries() {
        var options = SimulatorOptions()
        options.seed = 7
        options.nodes = 2
        options.durationSeconds = 3
        options.toggles = .none
        options.traceEvents = true
        var lines: [String] = []
        _ = SimulatorRunner.run(Fake.self, options: options) { lines.append($0) }
        #expect(lines.contains { $0.contains("receives MCAST from") })
        #expect(lines.contains { $0.contains("timeout (deadline") })
        #expect(lines.contains { $0.contains(" delivers 1#1 ") || $0.contains(" delivers 2#1 ") })
        #expect(lines.contains { $0.contains("receives 8 B (not totem)") })
    }

    /// `--trace-from` starts the trace at a virtual second; `--timeline-limit` keeps its tail.
    @Test func traceWindowStartsLateAndKeepsTheTail() {
        var options = SimulatorOptions()
        options.seed = 7
        options.nodes = 2
        options.durationSeconds = 3
        options.toggles = .none
        options.traceFromSeconds = 2
        let outcome = SimulatorRunner.runSeed(Fake.self, seed: 7, options: options)
        let traced = outcome.timeline.filter { $0.contains(" receives ") || $0.contains(" timeout (deadline") }
        #expect(!traced.isEmpty)
        #expect(
            traced.allSatisfy { line in
                line.split(separator: " ").first.flatMap { Double($0.dropFirst(2).dropLast(2)) }.map { $0 >= 2_000 }
                    ?? false
            })
        options.timelineLimit = 5
        let tail = SimulatorRunner.runSeed(Fake.self, seed: 7, options: options)
        #expect(tail.timeline == Array(outcome.timeline.suffix(5)))
    }
}
