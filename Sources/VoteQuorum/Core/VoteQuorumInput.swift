import Totem

/// Every event ``VoteQuorumCore`` reacts to without a possible refusal, for owners that keep
/// one `handle` call per event (local requests that can be refused have their own methods).
public enum VoteQuorumInput: Hashable, Sendable {
    /// A totem configuration change (regular ones start votequorum's sync).
    case configurationChanged(ConfigurationChange)
    /// A decoded votequorum message delivered in agreed order.
    case received(VoteQuorumMessage, from: NodeID)
    /// A raw votequorum service message (header included) delivered in agreed order.
    case receivedBytes([UInt8], swapped: Bool, from: NodeID)
    /// The owner's clock reached ``VoteQuorumCore/nextDeadline``.
    case timeout
}

extension VoteQuorumCore {
    /// Dispatches one input to ``configurationChanged(_:now:)``, ``receive(_:from:)``,
    /// ``receive(bytes:swapped:from:)`` or ``handleTimeout(now:)``.
    public mutating func handle(_ input: VoteQuorumInput, now: Instant) -> [VoteQuorumEffect] {
        switch input {
        case .configurationChanged(let change): configurationChanged(change, now: now)
        case .received(let message, let sender): receive(message, from: sender)
        case .receivedBytes(let bytes, let swapped, let sender): receive(bytes: bytes, swapped: swapped, from: sender)
        case .timeout: handleTimeout(now: now)
        }
    }
}
