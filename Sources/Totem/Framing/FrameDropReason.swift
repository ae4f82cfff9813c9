/// Why ``FrameAssembler`` dropped (part of) what a sender sent. Drops are the peer's fault:
/// they are reported and counted, never fatal.
public enum FrameDropReason: Hashable, Sendable {
    /// The totempg packet itself could not be decoded; nothing of it was used and the
    /// sender's pending fragment (if any) was kept.
    case malformedPacket(WireError)
    /// The packet's `continuation` does not continue the sender's pending message
    /// (`expected` is the pending fragment number, 0 when none was pending). The pending
    /// bytes, if any, and the packet's leading piece, if it was a continuation, were dropped;
    /// the rest of the packet was used.
    case continuationMismatch(expected: UInt8, received: UInt8)
    /// A continuation of a message already dropped (after a mismatch or an oversize) was
    /// discarded too.
    case fragmentOfDroppedMessage(continuation: UInt8)
    /// Reassembly would exceed `limit` bytes (``FrameAssembler/maxAssembledSize``); the partial
    /// message was dropped and its remaining fragments will be discarded.
    case messageTooLarge(size: Int, limit: Int)
    /// A complete message's group header runs past its end; that message was dropped.
    case malformedGroupHeader(WireError)
}
