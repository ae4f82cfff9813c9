/// The effective totem timers and constants one core runs with: what corosync shows under
/// `runtime.config.totem.*`, already derived (token coefficient applied, consensus computed...).
///
/// ``init(nodeCount:)`` gives corosync 3.1.7's defaults for a nodelist of that size; the
/// configuration layer (`TotemConfig`) builds one from a corosync.conf.
public struct TotemParameters: Hashable, Sendable {
    /// Token loss timeout (after the token coefficient).
    public var token: Duration
    /// Re-send the last token this often while no newer one arrives.
    public var tokenRetransmit: Duration
    /// How long the representative holds an idle token.
    public var hold: Duration
    /// Interval between JOIN messages in GATHER.
    public var join: Duration
    /// How long GATHER waits for consensus before declaring silent nodes failed.
    public var consensus: Duration
    /// Delay between an unchanged token and the representative's merge detect.
    public var merge: Duration
    /// Interface re-check interval (udpu runtime only).
    public var downcheck: Duration
    /// Upper bound of the random delay before sending a JOIN (0 = none).
    public var sendJoin: Duration
    /// Token visits with a pinned aru before a node declares it cannot receive.
    public var failRecvConst: UInt32
    /// Rotations without a new message before the representative holds the token.
    public var seqnoUnchangedConst: UInt32
    /// Most messages sent ring-wide per rotation.
    public var windowSize: UInt32
    /// Most messages one node sends per token visit.
    public var maxMessages: UInt32
    /// Token visits a gap must be seen before it is requested for retransmission.
    public var missCountConst: UInt32
    /// Token warning threshold in percent of `token` (log only; 0 disables).
    public var tokenWarningPercent: UInt32
    /// Configured network MTU (`totem.netmtu`); the totempg packet budget is `netMTU - 90`.
    public var netMTU: Int
    /// Forward a held token when retransmissions are pending.
    public var cancelTokenHoldOnRetransmit: Bool

    /// corosync 3.1.7's defaults for a nodelist of `nodeCount` nodes (udpu).
    public init(nodeCount: Int) {
        let tokenMs = 3000 + (nodeCount > 2 ? Int64(nodeCount - 2) * 650 : 0)
        let retransmitMs = Int64(Double(tokenMs) / (4 + 0.2))
        self.token = .milliseconds(tokenMs)
        self.tokenRetransmit = .milliseconds(retransmitMs)
        self.hold = .milliseconds(Int64(Double(retransmitMs) * 0.8 - 10))
        self.join = .milliseconds(50)
        self.consensus = .milliseconds(Int64(Double(tokenMs) * 1.2))
        self.merge = .milliseconds(200)
        self.downcheck = .milliseconds(1000)
        self.sendJoin = .zero
        self.failRecvConst = 2500
        self.seqnoUnchangedConst = 30
        self.windowSize = 50
        self.maxMessages = 17
        self.missCountConst = 5
        self.tokenWarningPercent = 75
        self.netMTU = 1500
        self.cancelTokenHoldOnRetransmit = false
    }

    /// The totempg packet budget: `netMTU` minus twice the 45-byte MCAST header (1410 by default).
    public var packetBudget: Int { netMTU - 2 * Mcast.headerSize }
}
