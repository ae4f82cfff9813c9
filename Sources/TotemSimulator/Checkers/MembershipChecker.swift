import Totem

/// Invariant 4: every member of a regular configuration installed the same ring id with the
/// same member list, ascending and containing itself; a transitional configuration precedes the
/// regular one with the same ring id and a subset of its members (empty for a node's very first
/// configuration, which comes from no old ring); the ring seq a node installs
/// only grows (across restarts too) and was persisted before installation; persisted ring seqs
/// never go backwards.
public struct MembershipChecker: InvariantChecker {
    private struct NodeView: Sendable {
        var installedSeq: UInt64?
        var persistedSeq: UInt64 = 0
        var transitional: ConfigurationChange?
        /// False until this incarnation installed its first regular configuration.
        var hadRegular = false
    }

    private var views: [NodeID: NodeView] = [:]
    private var regularMembers: [RingID: (members: [NodeID], node: NodeID)] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        var view = views[event.node ?? 0] ?? NodeView()
        var problems: [String] = []
        switch event {
        case .started(_, let persisted):
            view.transitional = nil
            view.hadRegular = false
            if persisted < view.persistedSeq {
                problems.append("restarted with persisted ring seq \(persisted), below the \(view.persistedSeq) it persisted")
            }
            view.persistedSeq = max(view.persistedSeq, persisted)
        case .stopped:
            view.transitional = nil
        case .effect(_, .persistRingSeq(let seq)):
            if seq < view.persistedSeq {
                problems.append("persisted ring seq \(seq) after \(view.persistedSeq)")
            }
            view.persistedSeq = max(view.persistedSeq, seq)
        case .effect(let node, .configurationChanged(let change)):
            problems += common(change, node: node, view: view)
            switch change.kind {
            case .transitional:
                if let earlier = view.transitional {
                    problems.append("installed transitional configuration \(change.ringID) right after transitional \(earlier.ringID), with no regular one between")
                }
                view.transitional = change
            case .regular:
                problems += regular(change, node: node, view: view)
                view.transitional = nil
                view.hadRegular = true
                view.installedSeq = change.ringID.seq
            }
        case .submitted, .receivedMcast, .effect(_, .send), .effect(_, .deliver), .effect(_, .dropped), .quorumChanged,
            .cpg, .status, .syncCompleted:
            break
        }
        if let node = event.node { views[node] = view }
        return problems.map { Violation(.membership, at: time, node: event.node, $0) }
    }

    private func common(_ change: ConfigurationChange, node: NodeID, view: NodeView) -> [String] {
        var problems: [String] = []
        let name = "\(change.kind == .regular ? "regular" : "transitional") configuration \(change.ringID) \(change.members)"
        // A node that had no configuration yet comes from no old ring: its first transitional
        // configuration is empty (corosync delivers it so, and logs the node as joined).
        let freshTransitional = change.kind == .transitional && change.members.isEmpty && !view.hadRegular
        if !change.members.contains(node), !freshTransitional {
            problems.append("installed \(name) that does not contain itself")
        }
        if change.members != change.members.sorted() || Set(change.members).count != change.members.count {
            problems.append("installed \(name) whose members are not strictly ascending")
        }
        if let installed = view.installedSeq, change.ringID.seq <= installed {
            problems.append("installed \(name) with ring seq \(change.ringID.seq), not above the \(installed) it installed before")
        }
        if change.ringID.seq > view.persistedSeq {
            problems.append("installed \(name) with ring seq \(change.ringID.seq) but had persisted only \(view.persistedSeq)")
        }
        return problems
    }

    private mutating func regular(_ change: ConfigurationChange, node: NodeID, view: NodeView) -> [String] {
        var problems: [String] = []
        if let transitional = view.transitional {
            if transitional.ringID != change.ringID {
                problems.append("installed regular configuration \(change.ringID) after transitional \(transitional.ringID) of another ring")
            }
            if !Set(transitional.members).isSubset(of: change.members) {
                problems.append("transitional members \(transitional.members) are not a subset of regular members \(change.members) in \(change.ringID)")
            }
        }
        if let first = regularMembers[change.ringID] {
            if first.members != change.members {
                problems.append("installed regular configuration \(change.ringID) with members \(change.members), but node \(first.node) installed it with \(first.members)")
            }
        } else {
            regularMembers[change.ringID] = (change.members, node)
        }
        return problems
    }
}

extension TraceEvent {
    /// The node an event is about, if any.
    var node: NodeID? {
        switch self {
        case .started(let node, _), .stopped(let node), .receivedMcast(let node, _, _), .effect(let node, _),
            .quorumChanged(let node, _), .cpg(let node, _), .status(let node, _), .syncCompleted(let node, _): node
        case .submitted: nil
        }
    }
}
