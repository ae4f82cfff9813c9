import Synchronization
import Totem
import TotemRuntime

/// Sends bench payloads at a rate, or as fast as the ring accepts them (`workers` submissions in
/// flight, each retrying on ``SubmitError/queueFull``), and reports the result once the
/// queue has drained after the window.
struct LoadGenerator: Sendable {
    let ring: TotemRing
    let load: LoadCommand
    let recorder: LoadRecorder
    let node: UInt32
    /// Concurrent submitters at saturation: one awaited `multicast` at a time costs a wake-up of the
    /// ring thread per message; several in flight share it (the API allows it, order is per ring).
    /// Large messages fill the send queue at once, so for them one submitter is enough.
    var workers: Int { load.size >= 16384 ? 1 : 16 }

    private final class Counters: Sendable {
        let sent = Atomic<UInt64>(0)
        let queueFull = Atomic<UInt64>(0)
    }

    func run() async {
        let counters = Counters()
        await sleep(until: load.start)
        if load.rate > 0 {
            await paced(counters)
        } else {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<workers { group.addTask { await saturate(counters) } }
            }
        }
        // Report once deliveries have stopped for 500 ms (the queue drained), at most 9.3 s late.
        await sleep(until: load.stop + 300_000_000)
        while Clock.realtimeNanoseconds() < load.stop + 9_300_000_000,
              Clock.realtimeNanoseconds() - recorder.lastDelivery < 500_000_000 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let latencies = recorder.latencies()
        let sent = counters.sent.load(ordering: .relaxed), full = counters.queueFull.load(ordering: .relaxed)
        Output.line(recorder.resultLine(sent: sent, queueFull: full))
        Output.line("lat \(latencies.count)" + latencies.map { " \($0)" }.joined())
        Output.line("end")
    }

    private func paced(_ counters: Counters) async {
        var sent: UInt64 = 0
        while true {
            let now = Clock.realtimeNanoseconds()
            if now >= load.stop { return }
            let due = UInt64(Double(now - load.start) * load.rate / 1e9) + 1
            burst: while sent < due, Clock.realtimeNanoseconds() < load.stop {
                switch await submit() {
                case .sent: sent += 1; counters.sent.add(1, ordering: .relaxed)
                case .full:
                    counters.queueFull.add(1, ordering: .relaxed)
                    break burst
                case .stopped: return
                }
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    private func saturate(_ counters: Counters) async {
        while Clock.realtimeNanoseconds() < load.stop {
            switch await submit() {
            case .sent: counters.sent.add(1, ordering: .relaxed)
            case .full:
                counters.queueFull.add(1, ordering: .relaxed)
                try? await Task.sleep(for: .microseconds(200))
            case .stopped: return
            }
        }
    }

    private enum Outcome { case sent, full, stopped }

    private func submit() async -> Outcome {
        var payload = [UInt8](repeating: 0, count: load.size)
        withUnsafeBytes(of: LoadRecorder.magic) { payload.replaceSubrange(0..<4, with: $0) }
        withUnsafeBytes(of: node) { payload.replaceSubrange(4..<8, with: $0) }
        withUnsafeBytes(of: Clock.realtimeNanoseconds()) { payload.replaceSubrange(8..<16, with: $0) }
        do throws(SubmitError) {
            try await ring.multicast(payload, group: Array("bench".utf8), guarantee: load.safe ? .safe : .agreed)
            return .sent
        } catch .queueFull {
            return .full
        } catch {
            return .stopped
        }
    }

    private func sleep(until deadline: UInt64) async {
        let now = Clock.realtimeNanoseconds()
        if deadline > now { try? await Task.sleep(for: .nanoseconds(Int64(deadline - now))) }
    }
}
