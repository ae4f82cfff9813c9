/// The `quorum.device` section. Only its presence (a non-empty `model`) and `votes` matter to
/// votequorum's start-up validation; this package never registers a device itself.
public struct QuorumDeviceOptions: Hashable, Sendable {
    /// `quorum.device.model`; an empty model means "no device".
    public var model: String
    /// `quorum.device.votes`; `nil` means "compute automatically" (nodelist size - 1).
    public var votes: UInt32?

    /// Creates device options.
    public init(model: String, votes: UInt32? = nil) {
        self.model = model
        self.votes = votes
    }
}
