import ClusterIPC
import NodeCore
import Synchronization
import Totem

/// What the stock quorum, votequorum and cfg services read and do: implemented by
/// ``ClusterNode``, and by test doubles.
protocol CorosyncQuorumSource: IPCQuorumProvider {
    /// Where quorum changes are announced at corosync's notification points.
    var corosyncQuorumTrackers: CorosyncQuorumTrackers { get }
    /// This node's id.
    var localNodeID: UInt32 { get }
    /// The link addresses of `node` from the nodelist (empty for an unknown node).
    func linkAddresses(of node: UInt32) -> [IPAddress]
    /// The totem packet budget, which corosync's NODESTATUSGET reports as link 0's MTU.
    var packetBudget: UInt32 { get }
}

/// The handlers of the stock clients that track the quorum (libquorum's and libvotequorum's
/// TRACKSTART with CHANGES), called with the new state at corosync's `quorum_callback`
/// points: every sync's activation and a quorate flip outside a sync (``ClusterNode`` calls
/// ``notify(_:)`` on its `quorumChanged` effects). Handlers only queue events.
final class CorosyncQuorumTrackers: Sendable {
    private struct State {
        var next: UInt64 = 0
        var handlers: [UInt64: @Sendable (QuorumStatusInfo) -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Adds a handler; returns its id for ``remove(_:)``.
    func add(_ handler: @escaping @Sendable (QuorumStatusInfo) -> Void) -> UInt64 {
        state.withLock { state in
            state.next += 1
            state.handlers[state.next] = handler
            return state.next
        }
    }

    /// Removes handler `id`.
    func remove(_ id: UInt64) { _ = state.withLock { $0.handlers.removeValue(forKey: id) } }

    /// Calls every handler with `info`.
    func notify(_ info: QuorumStatusInfo) {
        let handlers = state.withLock { Array($0.handlers.values) }
        for handler in handlers { handler(info) }
    }
}

extension ClusterNode: CorosyncQuorumSource {
    var localNodeID: UInt32 { nodeID.rawValue }

    func linkAddresses(of node: UInt32) -> [IPAddress] {
        configuration.nodes.first { $0.nodeID.rawValue == node }.map { [$0.address] } ?? []
    }

    var packetBudget: UInt32 { UInt32(clamping: configuration.parameters.packetBudget) }

    /// Tells the stock trackers about a `quorumChanged` effect.
    func notifyCorosyncTrackers(_ state: QuorumState) {
        corosyncQuorumTrackers.notify(
            QuorumStatusReport.make(
                state: state, nodeID: nodeID, ringID: state.ringID, members: state.members.map(\.nodeID),
                configuration: configuration))
    }
}
