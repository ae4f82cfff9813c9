import Synchronization

/// The result a reload gives the client that asked for it.
public enum ReloadOutcome: Hashable, Sendable {
    /// Applied (or nothing to apply).
    case applied
    /// Refused: nothing applied; `message` says why (file and line for a bad file).
    case refused(String)
    /// The request was not delivered in time (ring down or stalled).
    case timedOut
}

/// The `cfgtool -R` requests of this node waiting for their RELOAD_CONFIG to come back
/// through the ring, by the token carried in the message's opaque field.
final class ReloadWaiters: Sendable {
    private struct State {
        var next: UInt64 = 1
        var waiting: [UInt64: CheckedContinuation<ReloadOutcome, Never>] = [:]
        /// Outcomes that arrived before their request started waiting.
        var early: [UInt64: ReloadOutcome] = [:]
    }

    private let state = Mutex(State())

    /// A fresh token.
    func makeToken() -> UInt64 {
        state.withLock { state in
            defer { state.next &+= 1 }
            return state.next
        }
    }

    /// Waits for `token`'s outcome (at once if it already arrived).
    func wait(_ token: UInt64) async -> ReloadOutcome {
        await withCheckedContinuation { continuation in
            let early = state.withLock { state -> ReloadOutcome? in
                if let outcome = state.early.removeValue(forKey: token) { return outcome }
                state.waiting[token] = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// Resumes the request waiting for `token`, or keeps the outcome for its ``wait(_:)``. Only
    /// the first outcome of a token counts.
    func resume(_ token: UInt64, with outcome: ReloadOutcome) {
        let continuation = state.withLock { state -> CheckedContinuation<ReloadOutcome, Never>? in
            if let waiting = state.waiting.removeValue(forKey: token) { return waiting }
            if state.early[token] == nil { state.early[token] = outcome }
            return nil
        }
        continuation?.resume(returning: outcome)
    }

    /// Forgets an outcome nobody will wait for any more.
    func forget(_ token: UInt64) {
        _ = state.withLock { $0.early.removeValue(forKey: token) }
    }

    /// Resumes every waiting request (the node stopped).
    func resumeAll(with outcome: ReloadOutcome) {
        let continuations = state.withLock { state in
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for continuation in continuations { continuation.resume(returning: outcome) }
    }
}
