import ClusterIPC

/// What the IPC server asks for when a tool calls: implemented by ``ClusterNode`` (from its
/// ring and configuration) and by test doubles.
public protocol IPCStatusProvider: Sendable {
    /// The ring's current status, with every nodelist node and the SRP counters.
    func ringStatusInfo() -> RingStatusInfo
}
