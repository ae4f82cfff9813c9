import NodeCore
import Totem

/// cpg invariant (membership): members agree on who is in their group, and every change adds
/// up.
///
/// - **Arithmetic.** A member's first event is its own join: its `members` list it, hold every
///   `joined` process and no `left` one. Every later change's `members` equals the previous
///   `members` plus `joined` minus `left` (`joined` new), is sorted, and still lists the member
///   until its own leave, which ends its membership. A `left` process need not have been
///   listed: corosync's PROCLEAVE handler notifies a leave whether or not the process is in the
///   node's list, and before a new ring's sync the nodes' lists come from different rings.
/// - **Agreement.** All of a node's cpg events come from the ring: each follows the delivery
///   (or configuration change) that caused it, its *trigger* (one MCAST packs several messages:
///   a delivery is its (ring id, seq) and its index within the MCAST). Members that process the same
///   trigger from the same history must end it with the same `members` list: a delivery in a
///   regular configuration is the same (ring id, seq) for every member of that ring, which all
///   delivered the same messages before it; one delivered after a transitional configuration
///   is compared only among nodes of the same transitional configuration (EVS lets others skip
///   messages there). Only the *final* list of a trigger is compared: one sync activation may
///   give a node a NODEDOWN and a NODEUP change where a peer sees one NODEUP change, the end
///   result being the same.
public struct CPGMembershipChecker: InvariantChecker {
    private enum Trigger: Hashable, Sendable {
        /// The `index`-th message of the MCAST (ring, seq): one MCAST packs several messages.
        case delivery(ring: RingID, seq: UInt32, index: Int, transitional: ConfigurationChange?)
        case configuration(ConfigurationChange)
    }

    private struct Agreement: Hashable, Sendable {
        var trigger: Trigger
        var history: [RingID?]
        var group: CPGGroupName
    }

    private var incarnations = IncarnationCounter()
    private var members: [CPGMembershipKey: [CPGAddress]] = [:]
    private var transitional: [NodeID: ConfigurationChange] = [:]
    private var trigger: [NodeID: Trigger] = [:]
    /// The ring whose sync the node completed last, then the regular rings it installed since.
    private var history: [NodeID: [RingID?]] = [:]
    private var pending: [NodeID: [CPGMembershipKey: [CPGAddress]]] = [:]
    private var agreed: [Agreement: (members: [CPGAddress], recipient: CPGRecipient)] = [:]

    /// A checker that has seen nothing.
    public init() {}

    /// See ``InvariantChecker/observe(_:at:)``.
    public mutating func observe(_ event: TraceEvent, at time: Instant) -> [Violation] {
        switch event {
        case .started(let node, _):
            incarnations.started(node)
            transitional[node] = nil
            trigger[node] = nil
            pending[node] = nil
            history[node] = [nil]
        case .stopped(let node):
            return settle(node, at: time)
        case .effect(let node, .configurationChanged(let change)):
            let violations = settle(node, at: time)
            transitional[node] = change.kind == .transitional ? change : nil
            trigger[node] = .configuration(change)
            if change.kind == .regular { history[node, default: [nil]].append(change.ringID) }
            return violations
        case .syncCompleted(let node, let ring):
            // The cpg activation's events came just before: they are the new ring's agreed view.
            history[node] = [ring]
            return settle(node, at: time)
        case .effect(let node, .deliver(let message)):
            let violations = settle(node, at: time)
            var index = 0
            if case .delivery(message.ringID, message.seq, let previous, _)? = trigger[node] { index = previous + 1 }
            trigger[node] = .delivery(
                ring: message.ringID, seq: message.seq, index: index, transitional: transitional[node])
            return violations
        case .cpg(let node, let delivery):
            guard case .membership(let change) = delivery.event else { return [] }
            let key = CPGMembershipKey(recipient: incarnations.recipient(of: delivery, on: node), group: delivery.group)
            if let detail = apply(change, to: key) {
                let who = "\(key.recipient) in group \(delivery.group)"
                return [Violation(.cpgMembership, at: time, node: node, "\(who): \(detail)")]
            }
            pending[node, default: [:]][key] = change.members
        case .submitted, .receivedMcast, .effect, .quorumChanged, .status:
            break
        }
        return []
    }

    /// Checks one change against the member's previous list; nil when it adds up.
    private mutating func apply(_ change: CPGMembershipChange, to key: CPGMembershipKey) -> String? {
        let me = key.recipient.address
        let joined = change.joined.map(\.address)
        let left = change.left.map(\.address)
        guard change.members == change.members.sorted(), Set(change.members).count == change.members.count else {
            return "members \(change.members) are not sorted and unique"
        }
        if let previous = members[key] {
            let expected = Set(previous).union(joined).subtracting(left).sorted()
            guard change.members == expected else {
                return "members \(change.members) are not the previous \(previous)"
                    + " plus joined \(joined) minus left \(left)"
            }
            if let stale = joined.first(where: previous.contains) {
                return "\(stale) joined, but was already a member \(previous)"
            }
        } else {
            guard joined.contains(me) else { return "membership event \(change.members) before its own join" }
            if let missing = joined.first(where: { !change.members.contains($0) }) {
                return "joined \(missing) missing from \(change.members)"
            }
        }
        if left.contains(me) {
            if change.members.contains(me) { return "left, but still listed in \(change.members)" }
            members[key] = nil
            return nil
        }
        guard change.members.contains(me) else { return "not listed in its own group's members \(change.members)" }
        members[key] = change.members
        return nil
    }

    /// Compares the final lists of `node`'s members for its current trigger with other nodes'.
    private mutating func settle(_ node: NodeID, at time: Instant) -> [Violation] {
        guard let lists = pending.removeValue(forKey: node), let trigger = trigger[node] else { return [] }
        var violations: [Violation] = []
        for (key, list) in lists.sorted(by: { $0.key < $1.key }) {
            let agreement = Agreement(trigger: trigger, history: history[node] ?? [nil], group: key.group)
            guard let first = agreed[agreement] else {
                agreed[agreement] = (list, key.recipient)
                continue
            }
            if first.members != list, violations.isEmpty {
                violations.append(Violation(.cpgMembership, at: time, node: node,
                    "\(key.recipient) was told group \(key.group) has members \(list) after \(trigger)"
                        + " (history \(agreement.history)), but \(first.recipient) was told \(first.members)"))
            }
        }
        return violations
    }
}
