import Synchronization

/// Applies batches of engine effects in the order the engine produced them, although they are
/// produced by several tasks (the ring loop, embedders' cpg calls): a batch takes a ticket
/// under the engine's lock and waits for its turn before it multicasts. Without it a member's
/// MCAST sent right after a sync completed could overtake its own messages held during that
/// sync, and libcpg's per-sender FIFO would not hold.
final class EffectSequencer: Sendable {
    private struct State {
        var issued: UInt64 = 0
        var serving: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }
    private let state = Mutex(State())

    /// The next ticket; take it while holding the engine's lock, right after producing a batch.
    func ticket() -> UInt64 {
        state.withLock { state in
            defer { state.issued += 1 }
            return state.issued
        }
    }

    /// Returns once every earlier ticket was finished.
    func waitForTurn(_ ticket: UInt64) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.serving == ticket { return true }
                state.waiting[ticket] = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Ends `ticket`'s turn (call it even when applying failed) and wakes the next one.
    func finish(_ ticket: UInt64) {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            precondition(state.serving == ticket, "finished ticket \(ticket) while serving \(state.serving)")
            state.serving += 1
            return state.waiting.removeValue(forKey: state.serving)
        }
        next?.resume()
    }
}

extension ClusterNode {
    /// Runs `produce` under the engine's lock and applies its effects in engine order.
    func applyInOrder<E: Error>(_ produce: (inout EngineCore) throws(E) -> [EngineEffect]) async throws {
        let (effects, ticket) = try engine.withLock { core throws(E) in
            let effects = try produce(&core)
            return (effects, sequencer.ticket())
        }
        await sequencer.waitForTurn(ticket)
        defer { sequencer.finish(ticket) }
        try await apply(effects)
    }
}
