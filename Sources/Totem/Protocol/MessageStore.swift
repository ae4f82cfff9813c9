/// One stored MCAST: the datagram exactly as received or sent (for byte-identical retransmission)
/// and its decoded form.
struct StoredMessage: Hashable, Sendable {
    /// The datagram.
    var bytes: [UInt8]
    /// The decoded MCAST.
    var mcast: Mcast
}

/// The messages of one ring, indexed by seq (corosync's sort queue): up to `window` consecutive
/// seqs above the last released one.
struct MessageStore: Hashable, Sendable {
    /// corosync's sort queue size.
    static let window: UInt32 = 16_384

    private var items: [UInt32: StoredMessage] = [:]
    /// Seqs at or below this were released; nothing below it is stored.
    private(set) var base: UInt32 = 0

    /// Empties the store and restarts it at `base`.
    mutating func reset(base: UInt32 = 0) {
        items.removeAll(keepingCapacity: true)
        self.base = base
    }

    /// True if `seq` lies in the window above the released mark.
    func inWindow(_ seq: UInt32) -> Bool {
        SequenceOrder.lt(base, seq) && SequenceOrder.lte(seq, base &+ Self.window)
    }

    /// The message stored at `seq`.
    subscript(seq: UInt32) -> StoredMessage? {
        get { items[seq] }
        set { items[seq] = newValue }
    }

    /// True if a message is stored at `seq`.
    func contains(_ seq: UInt32) -> Bool { items[seq] != nil }

    /// Frees every message up to and including `seq` and moves the window.
    mutating func release(through seq: UInt32) {
        guard SequenceOrder.lt(base, seq) else { return }
        var current = base &+ 1
        while SequenceOrder.lte(current, seq) {
            items[current] = nil
            current &+= 1
        }
        base = seq
    }

    /// Number of stored messages.
    var count: Int { items.count }
}
