import NodeCore
import Synchronization
import Totem
import VoteQuorum

/// What a ``ClusterNode`` tells the program that embeds it, in order.
public enum ClusterEvent: Hashable, Sendable {
    /// A configuration change of the ring (transitional, then regular).
    case membership(ConfigurationChange)
    /// An application message delivered in the ring's total order (groups other than
    /// corosync's internal `"a"` and `"sync"`).
    case delivered(DeliveredMessage)
    /// The quorum state after a sync or a votequorum message changed it.
    case quorum(QuorumState)
}

/// A membership event, as an HA daemon acts on it.
public enum MembershipEvent: Hashable, Sendable {
    /// The ring left OPERATIONAL: a membership change is under way, and until the next
    /// ``synced(ringID:members:)`` this node cannot know who else runs. A daemon that must never
    /// act twice (a floating address) stops acting here.
    case interrupted
    /// A configuration change of the ring (transitional, then regular), as extended virtual
    /// synchrony delivers it.
    case changed(ConfigurationChange)
    /// The services finished synchronizing on this ring: the membership and the quorum that
    /// ``ClusterNode/nodeStatus`` shows from now on.
    case synced(ringID: RingID, members: [NodeID])
}

/// The subscriber side of a node's ordered output.
final class NodeStreams: Sendable {
    /// Most unread events one subscriber may hold before it is cut off.
    static let limit = 65_536

    let events = Broadcast<ClusterEvent>(limit: limit)
    let membership = Broadcast<MembershipEvent>(limit: limit)
    let quorum = Broadcast<QuorumState>(limit: limit)
    let deliveries = Broadcast<DeliveredMessage>(limit: limit)
    /// The last synced configuration, for ``ClusterNode/ready(timeout:)``.
    let synced = Mutex<SyncedState>(SyncedState())

    struct SyncedState {
        var ring: RingID?
        var finished = false
        var next = 0
        var waiters: [Int: CheckedContinuation<RingID?, Never>] = [:]
    }

    func publish(_ event: ClusterEvent) {
        events.publish(event)
        switch event {
        case .membership(let change): membership.publish(.changed(change))
        case .quorum(let state): quorum.publish(state)
        case .delivered(let message): deliveries.publish(message)
        }
    }

    func publishOperational(_ operational: Bool) {
        if !operational { membership.publish(.interrupted) }
    }

    func publishSynced(ringID: RingID, members: [NodeID]) {
        membership.publish(.synced(ringID: ringID, members: members))
        let waiters = synced.withLock { state in
            state.ring = ringID
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume(returning: ringID) }
    }

    func finish(throwing error: (any Error)?) {
        events.finish(throwing: error)
        membership.finish(throwing: error)
        quorum.finish(throwing: error)
        deliveries.finish(throwing: error)
        let waiters = synced.withLock { state in
            state.finished = true
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Waits for a synced configuration (at once if there was one): its ring id, or nil when
    /// the node stopped or `cancel(id)` was called for this wait.
    func waitForSync(id: Int) async -> RingID? {
        await withCheckedContinuation { continuation in
            let now = synced.withLock { state -> RingID?? in
                if let ring = state.ring { return .some(ring) }
                if state.finished { return .some(nil) }
                state.waiters[id] = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// A fresh id for ``waitForSync(id:)``.
    func makeWaitID() -> Int {
        synced.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
    }

    /// Ends wait `id` with nil (its time ran out).
    func cancelWait(_ id: Int) {
        let waiter = synced.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.resume(returning: nil)
    }
}
