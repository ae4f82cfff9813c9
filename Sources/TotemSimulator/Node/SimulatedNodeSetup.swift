import VoteQuorum

/// What a ``SimulatedNode/Setup`` must offer the simulator: a one-line description (printed
/// with the fault settings, so a failure report states it) and, for nodes that run votequorum,
/// the quorum options the quorum checkers judge against.
public protocol SimulatedNodeSetup: Hashable, Sendable, CustomStringConvertible {
    /// The votequorum options every node runs with, or nil when the nodes have no quorum.
    var quorumOptions: VoteQuorumOptions? { get }
}
