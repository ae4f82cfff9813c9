import Synchronization
import Totem

/// The fuzzer's running view of the attacked ring: its id (from the nodes' IPC status, or from
/// sniffed tokens) and, when the sniffer sees the ring's traffic, its highest message seq and
/// token seq. Forged tokens and MCASTs are built from it, so an attack follows the ring through
/// every re-formation it causes.
final class LiveRing: Sendable {
    /// One consistent reading.
    struct View: Sendable {
        /// The ring id, or nil before the first status or token.
        var ringID: RingID?
        /// The highest message seq seen on that ring (an ORF token's seq or an MCAST's), if any.
        var seq: UInt32?
        /// The latest token seq seen on that ring, if any.
        var tokenSeq: UInt32?
    }

    private let state = Mutex(View())

    /// The current reading.
    var view: View { state.withLock { $0 } }

    /// A ring id a node reported: adopted when it is newer than the one held (ring seqs grow),
    /// which forgets what was sniffed of the older ring.
    func reported(_ ringID: RingID) {
        state.withLock { view in
            guard view.ringID != ringID else { return }
            if let held = view.ringID, ringID.seq < held.seq { return }
            view = View(ringID: ringID)
        }
    }

    /// A datagram a node sent (not one of ours) that carries `ringID` and a seq.
    func observed(ringID: RingID, seq: UInt32, tokenSeq: UInt32?) {
        state.withLock { view in
            if view.ringID != ringID {
                if let held = view.ringID, ringID.seq < held.seq { return }
                view = View(ringID: ringID)
            }
            if view.seq.map({ SequenceOrder.lt($0, seq) }) ?? true { view.seq = seq }
            if let tokenSeq { view.tokenSeq = tokenSeq }
        }
    }
}
