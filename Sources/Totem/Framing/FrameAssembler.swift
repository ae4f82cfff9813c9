/// Reassembles application messages from the totempg packets of each sender, in delivery
/// (seq) order (Docs/TotemWire.md §8.2), and splits off their group headers.
///
/// Per sender it keeps the bytes of a message left open by a packet with `fragmented = k`.
/// For each packet from that sender:
///
/// ```
/// continuation == pending k (k != 0)  -> first piece appended to the pending bytes
/// continuation == 0, nothing pending  -> normal case, first piece starts a message
/// anything else                       -> mismatch: pending bytes dropped, a continuation
///                                        piece dropped, the rest of the packet used
/// fragmented == k' != 0               -> last piece stays pending, to be continued by k'
/// ```
///
/// This is the straightforward resynchronisation, not corosync 3.1.7's "throw-away" mode
/// (which discards every following packet of the sender up to one with `fragmented` 0 or 1):
/// after a mismatch we deliver every complete message of the packet and resume at the next
/// message that starts fresh; the chunks that continue a dropped message are recognised by
/// their fragment numbers and discarded with ``FrameDropReason/fragmentOfDroppedMessage(continuation:)``.
/// A message growing beyond ``maxAssembledSize`` is dropped the same way.
///
/// Call ``reset()`` at every configuration change (corosync never completes a message whose
/// fragments straddle one) and ``forget(_:)`` when a sender leaves. A value type: two
/// assemblers are equal when every sender's pending chain is the same.
public struct FrameAssembler: Hashable, Sendable {
    /// Largest message reassembled: corosync's MESSAGE_SIZE_MAX (1 MiB) plus its 64 KiB slack.
    public static let maxAssembledSize = 1_048_576 + 65_536

    private struct Pending: Hashable, Sendable {
        /// Fragment number the next packet must continue (never 0).
        var fragment: UInt8
        /// Bytes so far; unused while `discarding`.
        var bytes: [UInt8]
        /// The message was already dropped; its remaining chunks are discarded.
        var discarding: Bool
    }

    private var pending: [NodeID: Pending] = [:]

    /// Creates an assembler with no pending messages.
    public init() {}

    /// Senders with a fragment chain in progress (being assembled, or being discarded after
    /// a drop), ascending.
    public var sendersWithPendingFragments: [NodeID] { pending.keys.sorted() }

    /// Handles one totempg packet (an MCAST payload) from `sender`, delivered in seq order.
    ///
    /// `swapped` tells that the MCAST carrying it was big-endian. Returns the messages the
    /// packet completed, in order, and whatever had to be dropped; never traps on bad input.
    public mutating func receive(_ packet: [UInt8], from sender: NodeID, swapped: Bool) -> FrameAssemblyResult {
        var result = FrameAssemblyResult()
        let decoded: TotemPGPacket
        do {
            decoded = try TotemPGPacket.decode(packet, swapped: swapped)
        } catch {
            result.drops.append(.malformedPacket(error))
            return result
        }
        if decoded.pieces.isEmpty { return result }
        // Move the pending bytes out so that appending to them does not copy.
        var expected: UInt8?
        var discarding = false
        var bytes: [UInt8] = []
        if var state = pending.removeValue(forKey: sender) {
            expected = state.fragment
            discarding = state.discarding
            swap(&bytes, &state.bytes)
        }
        var first = 0
        let lastIndex = decoded.pieces.count - 1
        let trailingFragment = decoded.fragmented
        if let expected, decoded.continuation == expected {
            first = 1
            let piece = decoded.pieces[0]
            let endsHere = !(lastIndex == 0 && trailingFragment != 0)
            if discarding {
                result.drops.append(.fragmentOfDroppedMessage(continuation: decoded.continuation))
                if !endsHere { pending[sender] = Pending(fragment: trailingFragment, bytes: [], discarding: true) }
            } else if bytes.count + piece.count > Self.maxAssembledSize {
                result.drops.append(.messageTooLarge(size: bytes.count + piece.count, limit: Self.maxAssembledSize))
                if !endsHere { pending[sender] = Pending(fragment: trailingFragment, bytes: [], discarding: true) }
            } else {
                bytes.append(contentsOf: piece)
                if endsHere {
                    deliver(bytes, from: sender, swapped: swapped, into: &result)
                } else {
                    pending[sender] = Pending(fragment: trailingFragment, bytes: bytes, discarding: false)
                }
            }
        } else if expected != nil || decoded.continuation != 0 {
            result.drops.append(.continuationMismatch(expected: expected ?? 0, received: decoded.continuation))
            if decoded.continuation != 0 {
                first = 1
                if lastIndex == 0, trailingFragment != 0 {
                    pending[sender] = Pending(fragment: trailingFragment, bytes: [], discarding: true)
                }
            }
        }
        guard first <= lastIndex else { return result }
        for index in first...lastIndex {
            let piece = decoded.pieces[index]
            if index == lastIndex, trailingFragment != 0 {
                pending[sender] = Pending(fragment: trailingFragment, bytes: piece, discarding: false)
            } else {
                deliver(piece, from: sender, swapped: swapped, into: &result)
            }
        }
        return result
    }

    /// Drops every pending partial message. Call it at each configuration change.
    public mutating func reset() {
        pending.removeAll()
    }

    /// Drops `sender`'s pending partial message (the sender left the configuration).
    public mutating func forget(_ sender: NodeID) {
        pending.removeValue(forKey: sender)
    }

    private func deliver(_ message: [UInt8], from sender: NodeID, swapped: Bool, into result: inout FrameAssemblyResult)
    {
        do {
            let (header, payload) = try GroupHeader.decode(message, swapped: swapped)
            result.messages.append(
                AssembledMessage(sender: sender, groups: header.groups, payload: payload, swapped: swapped))
        } catch {
            result.drops.append(.malformedGroupHeader(error))
        }
    }
}
