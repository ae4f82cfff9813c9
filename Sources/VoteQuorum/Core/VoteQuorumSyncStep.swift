/// What votequorum's sync phase (`sync_process`) produced.
public struct VoteQuorumSyncStep: Hashable, Sendable {
    /// Messages to multicast before the phase's barrier, in this order.
    public var messages: [VoteQuorumMessage]
    /// True when the phase is complete (always, as we never wait for a registered device).
    public var done: Bool

    /// Creates a step.
    public init(messages: [VoteQuorumMessage], done: Bool) {
        self.messages = messages
        self.done = done
    }
}
