import VoteQuorum

/// The setup of a bare ring core: nothing beyond the totem parameters.
public struct NoNodeSetup: SimulatedNodeSetup {
    /// The empty setup.
    public init() {}

    /// Always nil: a bare core has no quorum.
    public var quorumOptions: VoteQuorumOptions? { nil }

    /// `none`.
    public var description: String { "none" }
}
