import Totem

/// How long the liveness phase may take, in units of the run's own timers.
///
/// After the fault phase ends (partitions healed, loss and duplication off, crashed nodes
/// restarted, paused ones resumed) one regular configuration of all nodes must form within
/// ``convergence(_:)`` = `convergenceTokens x token + convergenceConsensus x consensus`
/// (default 20 x token + 4 x consensus: about 90 s with 3 nodes' defaults). A probe message
/// is then submitted on every node, and every probe, plus every message whose submitter never
/// crashed since submitting it, must be delivered within ``delivery(_:)`` =
/// `deliveryTokens x token` more (default 10 x token).
public struct LivenessBound: Hashable, Sendable, CustomStringConvertible {
    /// Token timeouts allowed for convergence.
    public var convergenceTokens = 20
    /// Consensus timeouts allowed for convergence, on top.
    public var convergenceConsensus = 4
    /// Token timeouts allowed for delivering the probes after convergence.
    public var deliveryTokens = 10

    /// The default bound.
    public init() {}

    /// Creates a bound.
    public init(convergenceTokens: Int, convergenceConsensus: Int, deliveryTokens: Int) {
        self.convergenceTokens = convergenceTokens
        self.convergenceConsensus = convergenceConsensus
        self.deliveryTokens = deliveryTokens
    }

    /// The convergence deadline's length for `parameters`.
    public func convergence(_ parameters: TotemParameters) -> Duration {
        parameters.token * convergenceTokens + parameters.consensus * convergenceConsensus
    }

    /// The delivery deadline's length for `parameters`.
    public func delivery(_ parameters: TotemParameters) -> Duration {
        parameters.token * deliveryTokens
    }

    /// `20 x token + 4 x consensus, then 10 x token`.
    public var description: String {
        "\(convergenceTokens) x token + \(convergenceConsensus) x consensus, then \(deliveryTokens) x token"
    }
}
