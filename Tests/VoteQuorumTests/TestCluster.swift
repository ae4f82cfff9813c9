import Totem
import VoteQuorum

/// An in-memory cluster of votequorum cores with a perfect totem underneath: partitions form
/// rings, each ring runs votequorum's sync (init, process, deliver in total order, activate),
/// and multicasts are delivered in order to every member of the sender's partition.
struct TestCluster {
    var cores: [NodeID: VoteQuorumCore] = [:]
    var partitionOf: [NodeID: [NodeID]] = [:]
    var outbox: [NodeID: [VoteQuorumMessage]] = [:]
    var notifications: [NodeID: [QuorumState]] = [:]
    var notices: [NodeID: [VoteQuorumNotice]] = [:]
    var persisted: [NodeID: UInt32] = [:]
    var now = Instant.zero
    var ringSeq: UInt64 = 0

    /// Boots `ids` with the same options (each resolved for its own node id).
    init(_ options: VoteQuorumOptions, nodes ids: [NodeID], tracked: [NodeID: UInt32] = [:]) throws {
        for id in ids { try boot(id, options: options, tracked: tracked[id] ?? 0) }
    }

    /// Starts (or restarts) one node; it is alone until the next `form`.
    mutating func boot(_ id: NodeID, options: VoteQuorumOptions, tracked: UInt32 = 0) throws {
        var core = VoteQuorumCore(configuration: try options.resolve(localNodeID: id), trackedExpectedVotes: tracked)
        let effects = core.start()
        cores[id] = core
        outbox[id] = []
        partitionOf[id] = [id]
        apply(effects, at: id)
    }

    /// Forms one ring per partition (nodes not listed keep their partition but are not resynced).
    mutating func form(_ partitions: [[NodeID]]) {
        for partition in partitions {
            let members = partition.sorted()
            for id in members { partitionOf[id] = members }
            ringSeq += 4
            let ring = RingID(rep: members[0], seq: ringSeq)
            for id in members {
                let effects = cores[id]!.syncInit(members: members, ringID: ring, now: now)
                apply(effects, at: id)
            }
            // Every member sends its sync messages when the phase starts; totem then orders
            // them (here: by sender, each sender's messages contiguous).
            var sent: [(NodeID, VoteQuorumMessage)] = []
            for id in members {
                let step = cores[id]!.syncProcess()
                sent += step.messages.map { (id, $0) }
            }
            for (sender, message) in sent { deliver(message, from: sender) }
            for id in members { apply(cores[id]!.syncActivate(), at: id) }
            for id in members {
                let queued = outbox[id] ?? []
                outbox[id] = []
                for message in queued { deliver(message, from: id) }
            }
        }
    }

    /// Delivers `message` from `sender` to every member of its partition, in order.
    mutating func deliver(_ message: VoteQuorumMessage, from sender: NodeID) {
        for id in partitionOf[sender] ?? [sender] {
            let effects = cores[id]!.receive(message, from: sender)
            apply(effects, at: id)
        }
    }

    /// Records notifications; multicasts go out at once (or wait for the first ring while the
    /// sender has not synced yet).
    mutating func apply(_ effects: [VoteQuorumEffect], at id: NodeID) {
        for effect in effects {
            switch effect {
            case .multicast(let message):
                if partitionOf[id]?.count == 1 && ringSeq == 0 {
                    outbox[id, default: []].append(message)
                } else {
                    deliver(message, from: id)
                }
            case .quorumChanged(let state): notifications[id, default: []].append(state)
            case .notice(let notice): notices[id, default: []].append(notice)
            case .persistExpectedVotesBarrier(let value): persisted[id] = value
            case .expectedVotesChanged, .dropped: break
            }
        }
    }

    /// Multicasts the effects of a local request made on `id`.
    mutating func request(_ id: NodeID, _ body: (inout VoteQuorumCore) throws -> [VoteQuorumEffect]) throws {
        var core = cores[id]!
        let effects = try body(&core)
        cores[id] = core
        apply(effects, at: id)
    }

    /// Moves the clock and fires due timers on every node.
    mutating func advance(_ duration: Duration) {
        now = now + duration
        for id in cores.keys.sorted() {
            let effects = cores[id]!.handleTimeout(now: now)
            apply(effects, at: id)
        }
    }

    func state(_ id: NodeID) -> QuorumState { cores[id]!.state }
    func quorate(_ id: NodeID) -> Bool { cores[id]!.state.quorate }
}

/// `[1, 2, 3]` as a nodelist with one vote each.
func nodelist(_ ids: [UInt32], votes: [UInt32: UInt32] = [:]) -> [NodelistEntry] {
    ids.map { NodelistEntry(nodeID: NodeID($0), quorumVotes: votes[$0]) }
}

/// Node ids 1...n.
func ids(_ n: Int) -> [NodeID] { (1...n).map { NodeID(UInt32($0)) } }
