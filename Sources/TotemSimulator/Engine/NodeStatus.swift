/// The state of a simulated process.
public enum NodeStatus: String, Hashable, Sendable {
    /// Running: takes inputs and fires timers.
    case running
    /// Hung: inputs are queued, timers do not fire until it resumes.
    case paused
    /// Not running: never started yet, crashed, or left.
    case down
}
