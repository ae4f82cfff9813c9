import Synchronization

/// Counts the run's deliveries (first and last time) and submit-to-delivery latencies of messages
/// submitted inside the measured window; shared by the event consumer and the load generator.
final class LoadRecorder: Sendable {
    /// Marks bench payloads: `u32 magic, u32 sender, u64 submit ns`.
    static let magic: UInt32 = 0x4245_4e43

    private struct State {
        var start: UInt64 = 0
        var window: ClosedRange<UInt64> = 0...0
        var delivered: UInt64 = 0
        var first: UInt64 = 0
        var last: UInt64 = 0
        var latencies: [UInt64] = []
    }

    private let state = Mutex(State())

    /// Starts a new measurement.
    func reset(_ load: LoadCommand) {
        state.withLock { $0 = State(start: load.start, window: load.windowStart...load.stop) }
    }

    /// Records one delivered payload.
    func delivered(_ payload: [UInt8], at now: UInt64) {
        guard payload.count >= 16 else { return }
        let magic = payload.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt32.self) }
        guard magic == Self.magic else { return }
        let submitted = payload.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        state.withLock { state in
            if submitted >= state.start {
                if state.delivered == 0 { state.first = now }
                state.delivered += 1
                state.last = now
            }
            if state.window.contains(submitted), now >= submitted { state.latencies.append(now - submitted) }
        }
    }

    /// When the last message of this run was delivered (0: none yet).
    var lastDelivery: UInt64 { state.withLock { $0.last } }

    /// The result line: every message of this run delivered, the first and last delivery time.
    func resultLine(sent: UInt64, queueFull: UInt64) -> String {
        state.withLock { "result \($0.delivered) \(sent) \(queueFull) \($0.first) \($0.last)" }
    }

    /// At most 2000 evenly thinned latency samples of messages submitted inside the window.
    func latencies() -> [UInt64] {
        state.withLock { state in
            let step = max(1, state.latencies.count / 2000)
            return stride(from: 0, to: state.latencies.count, by: step).map { state.latencies[$0] }
        }
    }
}
