import NodeCore
import Synchronization
import Totem
import VoteQuorum

extension ClusterNode {
    /// Everything the node reports, in order: membership changes, application deliveries and
    /// quorum changes. Each call is a new subscription from now on; any number may run at once.
    ///
    /// A subscription buffers at most 65,536 unread events; a subscriber that falls further
    /// behind is cut off with ``ClusterNodeError/subscriberTooSlow(limit:)`` (nothing is dropped
    /// silently). Every stream ends when the node stops: normally after a leave, with the
    /// node's ``ClusterNodeError`` after a failure.
    public func events() -> AsyncThrowingStream<ClusterEvent, any Error> { streams.events.subscribe() }

    /// Membership events: the ring being re-formed (``MembershipEvent/interrupted``),
    /// configuration changes, and completed synchronizations with the members and ring id the
    /// node shows from then on. Subscribed and bounded as ``events()``.
    public func membershipEvents() -> AsyncThrowingStream<MembershipEvent, any Error> { streams.membership.subscribe() }

    /// votequorum's quorum states as it notifies them (at the end of each sync, and when votes
    /// or expected votes change the outcome). Without a quorum provider (`quorum.provider`
    /// unset) nothing is notified: the node provides service once its first configuration
    /// synced (no provider blocks nothing, as on corosync), and ``nodeStatus`` says so
    /// (``NodeStatus/isQuorate``). Subscribed and bounded as ``events()``.
    public func quorumStates() -> AsyncThrowingStream<QuorumState, any Error> { streams.quorum.subscribe() }

    /// Application messages delivered in the ring's total order (this node's own included),
    /// for every group, or for `group` alone. Subscribed and bounded as ``events()``.
    public func deliveries(group: String? = nil) -> AsyncThrowingStream<DeliveredMessage, any Error> {
        guard let group else { return streams.deliveries.subscribe() }
        let name = Array(group.utf8)
        return streams.deliveries.subscribe { $0.groups.contains(name) }
    }

    /// Waits until the node's first configuration finished its service synchronization (at
    /// once if one did): from then on ``nodeStatus`` shows an agreed membership and quorum.
    /// Returns that ring's id.
    /// - Throws: ``ClusterNodeError/notReady(_:)`` after `timeout`, ``ClusterNodeError/notRunning``
    ///   when the node stopped first.
    @discardableResult
    public func ready(timeout: Duration) async throws(ClusterNodeError) -> RingID {
        let id = streams.makeWaitID()
        let ring = await withTaskGroup(of: RingID?.self) { group in
            group.addTask { await self.streams.waitForSync(id: id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.streams.cancelWait(id)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            self.streams.cancelWait(id)
            return first
        }
        if let ring { return ring }
        if streams.synced.withLock({ $0.finished }) { throw .notRunning }
        throw .notReady(timeout)
    }
}
