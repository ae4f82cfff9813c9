import Totem

/// Sends bench payloads at a rate (or as fast as the ring accepts them, retrying on
/// ``SubmitError/queueFull``) and reports the result 1 s after the window closes.
struct LoadGenerator: Sendable {
    let ring: TotemRing
    let load: LoadCommand
    let recorder: LoadRecorder
    let node: UInt32

    func run() async {
        var sent: UInt64 = 0
        var queueFull: UInt64 = 0
        var payload = [UInt8](repeating: 0, count: load.size)
        withUnsafeBytes(of: LoadRecorder.magic) { payload.replaceSubrange(0..<4, with: $0) }
        withUnsafeBytes(of: node) { payload.replaceSubrange(4..<8, with: $0) }
        await sleep(until: load.start)
        sending: while true {
            let now = Clock.realtimeNanoseconds()
            if now >= load.stop { break }
            let due = load.rate > 0 ? UInt64(Double(now - load.start) * load.rate / 1e9) + 1 : UInt64.max
            while sent < due {
                let stamp = Clock.realtimeNanoseconds()
                withUnsafeBytes(of: stamp) { payload.replaceSubrange(8..<16, with: $0) }
                do throws(SubmitError) {
                    try await ring.multicast(payload, group: Array("bench".utf8), guarantee: load.safe ? .safe : .agreed)
                    sent += 1
                } catch .queueFull {
                    queueFull += 1
                    break
                } catch {
                    break sending
                }
                if Clock.realtimeNanoseconds() >= load.stop { break }
            }
            try? await Task.sleep(for: load.rate > 0 ? .milliseconds(1) : .microseconds(200))
        }
        await sleep(until: load.stop + 1_000_000_000)
        let (delivered, latencies) = recorder.snapshot()
        Output.line("result \(delivered) \(sent) \(queueFull)")
        Output.line("lat \(latencies.count)" + latencies.map { " \($0)" }.joined())
        Output.line("end")
    }

    private func sleep(until deadline: UInt64) async {
        let now = Clock.realtimeNanoseconds()
        if deadline > now { try? await Task.sleep(for: .nanoseconds(Int64(deadline - now))) }
    }
}
