import Synchronization

/// Counts deliveries and submit-to-delivery latencies inside the measured window, shared by the
/// event consumer and the load generator.
final class LoadRecorder: Sendable {
    /// Marks bench payloads: `u32 magic, u32 sender, u64 submit ns`.
    static let magic: UInt32 = 0x4245_4e43

    private struct State {
        var window: ClosedRange<UInt64> = 0...0
        var delivered: UInt64 = 0
        var latencies: [UInt64] = []
    }

    private let state = Mutex(State())

    /// Starts a new measurement.
    func reset(_ load: LoadCommand) {
        state.withLock { $0 = State(window: load.windowStart...load.stop, delivered: 0, latencies: []) }
    }

    /// Records one delivered payload.
    func delivered(_ payload: [UInt8], at now: UInt64) {
        guard payload.count >= 16 else { return }
        let magic = payload.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt32.self) }
        guard magic == Self.magic else { return }
        let submitted = payload.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        state.withLock { state in
            if state.window.contains(now) { state.delivered += 1 }
            if state.window.contains(submitted), now >= submitted { state.latencies.append(now - submitted) }
        }
    }

    /// The deliveries in the window and at most 2000 evenly thinned latency samples.
    func snapshot() -> (delivered: UInt64, latencies: [UInt64]) {
        state.withLock { state in
            let step = max(1, state.latencies.count / 2000)
            return (state.delivered, stride(from: 0, to: state.latencies.count, by: step).map { state.latencies[$0] })
        }
    }
}
