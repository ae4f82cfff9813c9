import Totem

/// corosync's sync v2 barrier protocol (`exec/sync.c`, Docs/ServicesWire.md §4) as a pure state
/// machine.
///
/// After every regular configuration each member multicasts SERVICE_BUILD; once all members'
/// lists arrived, their union (ascending) is the list of phases. In each phase every member runs
/// that service's sync work, then multicasts a BARRIER; the phase ends when every member's
/// barrier was delivered. Barriers carry no phase number, so a node sends the next barrier only
/// after the previous phase completed (lockstep). A configuration change aborts and restarts.
public struct SyncEngine: Hashable, Sendable {
    /// What the owner must do next.
    public enum Action: Hashable, Sendable {
        /// Multicast this sync message on group `"sync"` (agreed order).
        case multicast(SyncMessage)
        /// A new sync started: call every service's `sync_init` with these lists.
        case initialize(members: [NodeID], transitional: [NodeID], ringID: RingID)
        /// Run `service`'s sync work now (multicast its messages), then call
        /// ``SyncEngine/serviceProcessed()``.
        case process(service: Int32)
        /// Every member finished `service`'s phase: call its `sync_activate`.
        case activate(service: Int32)
        /// Synchronization completed for this ring ("ready to provide service").
        case completed(RingID)
    }

    /// The phase a sync is in.
    public enum Phase: Hashable, Sendable {
        /// No sync running (before the first regular configuration, or after completion).
        case idle
        /// Waiting for every member's SERVICE_BUILD.
        case building
        /// Running phase `index` of the service list.
        case processing(index: Int)
    }

    /// This node.
    public let myID: NodeID
    /// The services this node advertises (stock corosync: cmap 0, cpg 2, quorum 3, votequorum 5).
    public let localServices: [Int32]
    /// The current phase.
    public private(set) var phase: Phase = .idle
    /// The ring being synchronized (nil before the first regular configuration).
    public private(set) var ringID: RingID?
    /// The members of that ring.
    public private(set) var members: [NodeID] = []
    /// The phases of this sync (union of all members' lists, ascending).
    public private(set) var services: [Int32] = []
    var transitional: [NodeID] = []
    var received: Set<NodeID> = []
    var barrierSent = false

    /// Creates an idle engine.
    public init(myID: NodeID, localServices: [Int32] = [0, 2, 3, 5]) {
        self.myID = myID
        self.localServices = localServices.sorted()
    }

    /// True once the last sync completed and no new one started.
    public var isComplete: Bool { phase == .idle && ringID != nil }

    /// Feeds a totem configuration change.
    public mutating func configurationChanged(_ change: ConfigurationChange) -> [Action] {
        switch change.kind {
        case .transitional:
            transitional = change.members
            return []
        case .regular:
            ringID = change.ringID
            members = change.members
            services = localServices
            received = []
            barrierSent = false
            phase = .building
            let trans = transitional.filter { change.members.contains($0) }
            return [
                .multicast(.serviceBuild(change.ringID, services: localServices)),
                .initialize(members: change.members, transitional: trans, ringID: change.ringID),
            ]
        }
    }

    /// Feeds a sync message delivered from `sender`.
    public mutating func receive(_ message: SyncMessage, from sender: NodeID) -> [Action] {
        switch message {
        case .serviceBuild(let ring, let list):
            guard ring == ringID, phase == .building, members.contains(sender) else { return [] }
            for service in list where !services.contains(service) { services.append(service) }
            services.sort()
            received.insert(sender)
            guard received.isSuperset(of: members) else { return [] }
            return startPhase(0)
        case .barrier(let ring):
            guard ring == ringID, case .processing(let index) = phase, members.contains(sender) else { return [] }
            received.insert(sender)
            guard received.isSuperset(of: members), barrierSent else { return [] }
            var actions: [Action] = [.activate(service: services[index])]
            actions += startPhase(index + 1)
            return actions
        }
    }

    /// The owner finished the current phase's sync work: send our barrier.
    public mutating func serviceProcessed() -> [Action] {
        guard case .processing = phase, !barrierSent, let ring = ringID else { return [] }
        barrierSent = true
        // The phase ends when our own barrier is delivered back, with everyone else's.
        return [.multicast(.barrier(ring))]
    }

    mutating func startPhase(_ index: Int) -> [Action] {
        received = []
        barrierSent = false
        guard index < services.count else {
            phase = .idle
            return ringID.map { [.completed($0)] } ?? []
        }
        phase = .processing(index: index)
        return [.process(service: services[index])]
    }
}
