/// The flags votequorum reports about the cluster and this node (`VOTEQUORUM_INFO_*`), as
/// `corosync-quorumtool` prints them on its `Flags:` line.
public struct QuorumInfoFlags: OptionSet, Hashable, Sendable {
    /// The raw flags word.
    public var rawValue: UInt32

    /// Wraps a raw flags word.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// two_node is configured (shown even with more than two voters). Printed `2Node`.
    public static let twoNode = QuorumInfoFlags(rawValue: 1)
    /// The cluster is quorate. Printed `Quorate`.
    public static let quorate = QuorumInfoFlags(rawValue: 2)
    /// wait_for_all is configured. Printed `WaitForAll`.
    public static let waitForAll = QuorumInfoFlags(rawValue: 4)
    /// last_man_standing is enabled. Printed `LastManStanding`.
    public static let lastManStanding = QuorumInfoFlags(rawValue: 8)
    /// auto_tie_breaker is enabled. Printed `AutoTieBreaker`.
    public static let autoTieBreaker = QuorumInfoFlags(rawValue: 16)
    /// allow_downscale is enabled. Printed `AllowDownscale`.
    public static let allowDownscale = QuorumInfoFlags(rawValue: 32)
    /// A quorum device is registered on the node. Printed `Qdevice`.
    public static let qdeviceRegistered = QuorumInfoFlags(rawValue: 64)
    /// The node's quorum device is alive.
    public static let qdeviceAlive = QuorumInfoFlags(rawValue: 128)
    /// The node's quorum device casts its vote.
    public static let qdeviceCastVote = QuorumInfoFlags(rawValue: 256)
    /// The node's quorum device runs in master-wins mode.
    public static let qdeviceMasterWins = QuorumInfoFlags(rawValue: 512)

    /// The device bits derived from a node's NODEINFO flags.
    init(deviceBitsOf flags: NodeInfoFlags) {
        var result = QuorumInfoFlags()
        if flags.contains(.qdeviceRegistered) { result.insert(.qdeviceRegistered) }
        if flags.contains(.qdeviceAlive) { result.insert(.qdeviceAlive) }
        if flags.contains(.qdeviceCastVote) { result.insert(.qdeviceCastVote) }
        if flags.contains(.qdeviceMasterWins) { result.insert(.qdeviceMasterWins) }
        self = result
    }
}
