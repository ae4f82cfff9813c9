/// The SRP membership state as the IPC protocol carries it (one byte).
public enum RingMembershipState: UInt8, Hashable, Sendable, CaseIterable {
    /// Token circulating, messages delivered.
    case operational = 0
    /// Exchanging joins to agree on a membership.
    case gather = 1
    /// Installing the new ring.
    case commit = 2
    /// Re-sending old-ring messages.
    case recovery = 3

    /// The lowercase name (`operational`, ...).
    public var name: String {
        switch self {
        case .operational: return "operational"
        case .gather: return "gather"
        case .commit: return "commit"
        case .recovery: return "recovery"
        }
    }
}
