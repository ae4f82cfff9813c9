/// The `flags` word of a votequorum NODEINFO message (`NODE_FLAGS_*` in `exec/votequorum.c`).
public struct NodeInfoFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The raw 32-bit flags word.
    public var rawValue: UInt32

    /// Wraps a raw flags word (unknown bits are kept).
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The sender currently considers the cluster quorate.
    public static let quorate = NodeInfoFlags(rawValue: 1)
    /// The sender is shutting down cleanly (sent only with allow_downscale).
    public static let leaving = NodeInfoFlags(rawValue: 2)
    /// The sender is still waiting for all nodes (wait_for_all pending).
    public static let waitForAllStatus = NodeInfoFlags(rawValue: 4)
    /// The sender has never been in a membership with another node.
    public static let first = NodeInfoFlags(rawValue: 8)
    /// A quorum device is registered on the sender.
    public static let qdeviceRegistered = NodeInfoFlags(rawValue: 16)
    /// The sender's quorum device polls in time.
    public static let qdeviceAlive = NodeInfoFlags(rawValue: 32)
    /// The quorum device currently gives its vote on the sender.
    public static let qdeviceCastVote = NodeInfoFlags(rawValue: 64)
    /// The device enabled master-wins mode on the sender.
    public static let qdeviceMasterWins = NodeInfoFlags(rawValue: 128)

    /// Names of the set bits, e.g. `[waitForAllStatus, first]`.
    public var description: String {
        let names: [(NodeInfoFlags, String)] = [
            (.quorate, "quorate"), (.leaving, "leaving"), (.waitForAllStatus, "waitForAllStatus"),
            (.first, "first"), (.qdeviceRegistered, "qdeviceRegistered"), (.qdeviceAlive, "qdeviceAlive"),
            (.qdeviceCastVote, "qdeviceCastVote"), (.qdeviceMasterWins, "qdeviceMasterWins"),
        ]
        return "[" + names.filter { contains($0.0) }.map(\.1).joined(separator: ", ") + "]"
    }
}
