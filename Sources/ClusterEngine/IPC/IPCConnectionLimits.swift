import Synchronization

/// The per-uid and global caps on open IPC connections
/// (``IPCServerConfiguration/maxConnectionsPerUID``, ``IPCServerConfiguration/maxConnections``).
/// A slot is taken at accept, from the event loop, and given back when the connection ends.
/// Uncapped uids (root by default) always get in and are not counted.
public final class IPCConnectionLimits: Sendable {
    /// Why a connection was not admitted.
    public enum Refusal: Hashable, Sendable {
        /// The uid already holds its maximum.
        case perUID
        /// All non-root peers together hold the maximum.
        case global
    }

    private struct State {
        var perUID: [UInt32: Int] = [:]
        var total = 0
    }

    /// Open connections one capped uid may hold.
    public let maxPerUID: Int
    /// Open connections all capped peers may hold together.
    public let maxTotal: Int
    /// Uids under neither cap.
    public let uncapped: Set<UInt32>
    private let state = Mutex(State())

    /// Caps of `maxPerUID` per uid and `maxTotal` overall, for every uid not in `uncapped`.
    public init(maxPerUID: Int, maxTotal: Int, uncapped: Set<UInt32> = [0]) {
        self.maxPerUID = maxPerUID
        self.maxTotal = maxTotal
        self.uncapped = uncapped
    }

    /// Takes a slot for `uid`, or says why there is none.
    public func admit(uid: UInt32) -> Refusal? {
        guard !uncapped.contains(uid) else { return nil }
        return state.withLock { state in
            let held = state.perUID[uid, default: 0]
            if held >= maxPerUID { return .perUID }
            if state.total >= maxTotal { return .global }
            state.perUID[uid] = held + 1
            state.total += 1
            return nil
        }
    }

    /// Gives back the slot an admitted connection of `uid` held.
    public func release(uid: UInt32) {
        guard !uncapped.contains(uid) else { return }
        state.withLock { state in
            guard let held = state.perUID[uid], held > 0 else { return }
            state.perUID[uid] = held > 1 ? held - 1 : nil
            state.total -= 1
        }
    }

    /// Connections `uid` holds now (0 for an uncapped uid, which is not counted).
    public func held(by uid: UInt32) -> Int { state.withLock { $0.perUID[uid, default: 0] } }

    /// Connections all capped peers hold now.
    public var total: Int { state.withLock { $0.total } }
}
