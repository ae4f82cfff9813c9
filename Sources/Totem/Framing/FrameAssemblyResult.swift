/// What one totempg packet yielded: the messages it completed, in order, and what had to be
/// dropped on the way. Both can be non-empty (a mismatching continuation drops the leading
/// piece while later complete pieces are still delivered).
public struct FrameAssemblyResult: Hashable, Sendable {
    /// Complete messages, in the order they were packed.
    public var messages: [AssembledMessage]
    /// Everything dropped while handling the packet, in the order it happened.
    public var drops: [FrameDropReason]

    /// Creates a result.
    public init(messages: [AssembledMessage] = [], drops: [FrameDropReason] = []) {
        self.messages = messages
        self.drops = drops
    }
}
