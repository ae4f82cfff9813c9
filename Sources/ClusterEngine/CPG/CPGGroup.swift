import Foundation
import NodeCore
import Synchronization
import Totem
import TotemRuntime

/// This process's membership of a closed process group on a ``ClusterNode``, interoperable
/// with corosync's cpg: C daemons using libcpg on stock nodes of the same cluster see this
/// member join and leave and get its messages, and it gets theirs, all in one total order.
///
/// ```swift
/// let group = try await node.join(group: "myapp")
/// try await group.multicast(Array("hello".utf8))
/// for await event in group.events {
///     switch event {
///     case .membership(let change): print(change.members)
///     case .message(let sender, let payload): print(sender, payload)
///     }
/// }
/// try await group.leave()
/// ```
/// The first event is the membership change of this member's own join. ``events`` finishes
/// after the change that reports this member's leave (or when the node stops).
public final class CPGGroup: Sendable {
    /// The group.
    public let name: CPGGroupName
    /// This member: the node's id and the pid it joined with.
    public let address: CPGAddress
    /// The group's messages and membership changes, in the ring's total order, from this
    /// member's own join on.
    public let events: AsyncStream<CPGEvent>
    private let node: ClusterNode

    init(name: CPGGroupName, address: CPGAddress, events: AsyncStream<CPGEvent>, node: ClusterNode) {
        self.name = name
        self.address = address
        self.events = events
        self.node = node
    }

    /// Multicasts `payload` to every member of the group (this one included), in total order
    /// (agreed). Waits while too many of this node's messages wait for the ring. Allowed from
    /// the join on, before its membership event arrived, as libcpg allows it.
    /// - Throws: ``CPGError/notJoined(group:pid:)`` after ``leave()``,
    ///   ``CPGError/messageTooLarge(size:limit:)`` over ``CPGService/maxPayloadSize`` (about 1 MiB),
    ///   ``CPGError/ringUnavailable(_:)`` when the node stopped.
    public func multicast(_ payload: [UInt8]) async throws(CPGError) {
        try await node.requestWhenRoom(
            stopped: .ringUnavailable("the node is not running"), isFull: { $0 == .tryAgain }
        ) {
            [name, pid = address.pid] core, now throws(CPGError) in
            try core.cpgMulticast(group: name, pid: pid, payload: payload, now: now)
        }
    }

    /// Leaves the group: the other members see this member leave (reason ``CPGReason/leave``),
    /// and ``events`` finishes after this member's own leave event.
    /// - Throws: ``CPGError/busy(group:pid:)`` while the join is not yet delivered,
    ///   ``CPGError/notJoined(group:pid:)`` when already left.
    public func leave() async throws(CPGError) {
        try await node.requestWhenRoom(
            stopped: .ringUnavailable("the node is not running"), isFull: { $0 == .tryAgain }
        ) {
            [name, pid = address.pid] core, now throws(CPGError) in
            try core.cpgLeave(group: name, pid: pid, now: now)
        }
    }

    /// The group's members as this node knows them now (this member included once its join was
    /// delivered), read on the ring thread.
    /// - Throws: ``CPGError/ringUnavailable(_:)`` when the node stopped.
    public func members() async throws(CPGError) -> [CPGAddress] {
        do throws(RingStoppedError) {
            return try await node.runtime.perform { [name] core, _, _ in core.engine.cpg.members(of: name) }
        } catch {
            throw .ringUnavailable("the node is not running")
        }
    }
}

/// Where a local member's events go.
struct CPGRouteKey: Hashable, Sendable {
    let group: CPGGroupName
    let pid: UInt32
}

extension ClusterNode {
    /// Joins closed process group `group` as process `pid` of this node (default: this
    /// process's id, as libcpg does). One process joins a group once; to have several members in
    /// one process, give each its own `pid`.
    /// - Throws: ``CPGError/invalidGroupName(_:)`` (empty or over 128 bytes),
    ///   ``CPGError/alreadyJoined(group:pid:)``, ``CPGError/busy(group:pid:)`` while a previous
    ///   leave of the same pid is not yet delivered, ``CPGError/ringUnavailable(_:)``.
    public func join(group: String, pid: UInt32? = nil) async throws(CPGError) -> CPGGroup {
        let name = try CPGGroupName(group)
        let address = CPGAddress(
            nodeID: configuration.localNode.nodeID, pid: pid ?? UInt32(ProcessInfo.processInfo.processIdentifier))
        let (events, continuation) = AsyncStream<CPGEvent>.makeStream(bufferingPolicy: .unbounded)
        let key = CPGRouteKey(group: name, pid: address.pid)
        try await requestWhenRoom(stopped: .ringUnavailable("the node is not running"), isFull: { $0 == .tryAgain }) {
            core, now throws(CPGError) in
            let effects = try core.cpgJoin(group: name, pid: address.pid, now: now)
            // Routed on the ring thread before the join's effects are published, behind a
            // previous member of the same pid whose own leave event is still on its way.
            self.cpgRoutes.withLock { $0[key, default: []].append(continuation) }
            return effects
        }
        return CPGGroup(name: name, address: address, events: events, node: self)
    }

    /// Hands a cpg event to its local member (the oldest route of that group and pid); the
    /// member's own leave ends its stream, and later events go to a member that joined again.
    func route(_ delivery: CPGDelivery) {
        let key = CPGRouteKey(group: delivery.group, pid: delivery.recipient.pid)
        cpgRoutes.withLock { routes in
            guard let continuation = routes[key]?.first else { return }
            continuation.yield(delivery.event)
            if case .membership(let change) = delivery.event,
                change.left.contains(where: { $0.address == delivery.recipient })
            {
                continuation.finish()
                routes[key]?.removeFirst()
                if routes[key]?.isEmpty == true { routes[key] = nil }
            }
        }
    }

    /// Ends every member's event stream (the node stopped).
    func finishCPGRoutes() {
        cpgRoutes.withLock { routes in
            for continuation in routes.values.joined() { continuation.finish() }
            routes = [:]
        }
    }
}
