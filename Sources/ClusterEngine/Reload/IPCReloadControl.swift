import ClusterIPC

/// What the IPC server needs to serve `cfgtool -R` (``IPCRequest/reloadConfig``): implemented
/// by ``ClusterNode`` and test doubles; without one the call gets `CS_ERR_NOT_SUPPORTED`.
public protocol IPCReloadControl: Sendable {
    /// Makes every node reload its configuration and returns this node's result.
    func reloadConfiguration(timeout: Duration) async -> ReloadOutcome
}

extension IPCReply {
    /// The reply to ``IPCRequest/reloadConfig`` for a reload's outcome: ``IPCReply/done``,
    /// `CS_ERR_INVALID_PARAM` with the reason, or `CS_ERR_TIMEOUT`.
    public init(reload outcome: ReloadOutcome) {
        switch outcome {
        case .applied: self = .done
        case .refused(let reason): self = .failure(.invalidParam, message: reason)
        case .timedOut: self = .failure(IPCStatus(rawValue: 5), message: "the reload request was not delivered in time")
        }
    }
}
