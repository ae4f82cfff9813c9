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
    private let state = Mutex<(next: UInt64, waiting: [UInt64: CheckedContinuation<ReloadOutcome, Never>])>((1, [:]))

    /// A fresh token.
    func makeToken() -> UInt64 {
        state.withLock { state in
            defer { state.next &+= 1 }
            return state.next
        }
    }

    /// Registers the continuation waiting for `token`.
    func wait(_ token: UInt64, _ continuation: CheckedContinuation<ReloadOutcome, Never>) {
        state.withLock { $0.waiting[token] = continuation }
    }

    /// Resumes the request waiting for `token`, if any is still waiting.
    func resume(_ token: UInt64, with outcome: ReloadOutcome) {
        let continuation = state.withLock { $0.waiting.removeValue(forKey: token) }
        continuation?.resume(returning: outcome)
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
