/// A totem node as an application sees it: the SRP state machine plus totempg framing.
///
/// Applications submit messages (up to 1 MiB) addressed to a group with a guarantee; small ones are
/// packed many to an MCAST and large ones fragmented, exactly as corosync's totempg does, so the
/// payload bytes are interchangeable with corosync's. Delivered messages come out reassembled, in
/// the ring's total order, between configuration changes (extended virtual synchrony).
///
/// Like ``SRPCore`` it is pure: events in with `now`, ``TotemEffect`` values out.
///
/// **Messages and configuration changes.** corosync loses a message whose fragments straddle a
/// membership change. This core does not: it keeps every submitted message until its last packet
/// was ordered; at a regular configuration change it takes back the packets not yet sent and
/// re-packs every message that was not completely sent, while every receiver resets its
/// reassembly at that point of the total order. A message is thus delivered whole, exactly once,
/// in the configuration that ordered its last fragment.
public struct TotemCore: Sendable {
    /// The SRP state machine (membership, ordering, stats).
    public private(set) var srp: SRPCore
    var packer: FramePacker
    var assembler = FrameAssembler()
    /// Messages not yet completely ordered, oldest first.
    var outbox: [Outgoing] = []
    /// Packets handed to the SRP queue so far (same count as `srp.dequeuedPackets` once sent).
    var flushedPackets: UInt64 = 0
    /// Framing drops (malformed or unassemblable packets), for `stats.pg.*`.
    public private(set) var framingDrops: UInt64 = 0

    struct Outgoing: Hashable, Sendable {
        var payload: [UInt8]
        var group: [UInt8]
        var guarantee: Guarantee
        /// Index (counting every packet ever flushed) of the packet holding its last byte.
        var lastPacket: UInt64
    }

    /// Creates a node that has not started yet.
    ///
    /// - Parameters:
    ///   - nodeID: this node; it must be in `nodes`.
    ///   - nodes: the static nodelist.
    ///   - parameters: effective timers and constants (the packet budget comes from `netMTU`).
    ///   - persistedRingSeq: the ring seq last persisted (0 for a node that never ran).
    public init(nodeID: NodeID, nodes: [NodeID], parameters: TotemParameters, persistedRingSeq: UInt64) {
        srp = SRPCore(myID: nodeID, nodes: nodes, parameters: parameters, persistedRingSeq: persistedRingSeq)
        packer = FramePacker(budget: parameters.packetBudget)
    }

    /// Runs with new timers and constants from now on (a configuration reload): timers already
    /// armed keep their deadline and every later arm uses the new values, as corosync's
    /// `totemsrp` does after `totempg_reconfigure`. The packet budget stays (``TotemParameters/netMTU``
    /// cannot change at runtime).
    public mutating func setParameters(_ parameters: TotemParameters) {
        var parameters = parameters
        parameters.netMTU = srp.parameters.netMTU
        srp.parameters = parameters
    }

    /// Runs with a new nodelist (a configuration reload added or removed nodes, as corosync's
    /// `totempg_member_add` / `totempg_member_remove`). The membership itself is not touched: an
    /// added node joins through the usual gather, a removed one that still runs is lost like
    /// any silent node once the ring stops reaching it; it leaves proc_list and failed_list at once,
    /// since JOINs naming a node outside the nodelist are dropped. Pure, no effects.
    /// - Returns: false, nothing changed, when `nodes` lacks this node.
    @discardableResult
    public mutating func setNodes(_ nodes: [NodeID]) -> Bool {
        guard nodes.contains(srp.myID) else { return false }
        srp.nodes = Array(Set(nodes)).sorted()
        srp.heardFrom.formIntersection(srp.nodes)
        srp.forgetUnlistedNodes()
        return true
    }

    /// Starts the protocol (see ``SRPCore/start(now:)``).
    public mutating func start(now: Instant) -> [TotemEffect] {
        translate(srp.start(now: now))
    }

    /// Handles one datagram received on the totem socket.
    public mutating func receive(_ datagram: [UInt8], now: Instant) -> [TotemEffect] {
        // corosync flushes totempg's packing buffer when the token arrives.
        if datagram.count > 3, datagram[3] == TotemMessageType.orfToken.rawValue { flush() }
        return translate(srp.receive(datagram, now: now))
    }

    /// Fires due timers; call when `now >= nextDeadline` (spurious calls do nothing).
    public mutating func handleTimeout(now: Instant) -> [TotemEffect] {
        translate(srp.handleTimeout(now: now))
    }

    /// Submits a message to `group` (at most 1 MiB with its group header).
    ///
    /// The message is packed now and multicast at the next token visit; it is delivered later,
    /// to every member including this node, as a ``TotemEffect/deliver(_:)``.
    /// - Throws: ``SubmitError/queueFull`` when too many packets wait (retry later),
    ///   ``SubmitError/messageTooLarge(size:limit:)``, or ``SubmitError/stopped`` after leaving.
    public mutating func submit(
        _ payload: [UInt8], group: [UInt8], guarantee: Guarantee, now: Instant
    ) throws(SubmitError) -> [TotemEffect] {
        guard !srp.hasLeft else { throw .stopped }
        let size = payload.count + group.count + 4
        guard size <= FramePacker.maxMessageSize else {
            throw .messageTooLarge(size: size, limit: FramePacker.maxMessageSize)
        }
        let estimate = size / max(1, packer.budget - 12) + 2
        guard srp.pendingPackets + packer.pendingPacketCount + estimate <= srp.sendQueueCapacity else {
            throw .queueFull
        }
        do {
            try packer.append(payload, groups: [group], guarantee: guarantee)
        } catch {
            throw .messageTooLarge(size: size, limit: FramePacker.maxMessageSize)
        }
        let last = flushedPackets + UInt64(packer.pendingPacketCount) - 1
        outbox.append(Outgoing(payload: payload, group: group, guarantee: guarantee, lastPacket: last))
        return translate(srp.requestToken(now: now))
    }

    /// A peer's process is known to be gone (see ``SRPCore/peerUnreachable(_:now:)``).
    public mutating func peerUnreachable(_ node: NodeID, now: Instant) -> [TotemEffect] {
        translate(srp.peerUnreachable(node, now: now))
    }

    /// Leaves the ring in an orderly way (see ``SRPCore/leave(now:)``).
    public mutating func leave(now: Instant) -> [TotemEffect] {
        translate(srp.leave(now: now))
    }

    /// The earliest armed deadline.
    public var nextDeadline: Instant? { srp.nextDeadline }

    /// Messages submitted but not yet completely multicast.
    public var unsentMessages: Int {
        outbox.count { $0.lastPacket >= srp.dequeuedPackets }
    }

    // MARK: Internals

    mutating func flush() {
        for packet in packer.takePackets() {
            srp.append(packet.bytes, guarantee: packet.guarantee)
            flushedPackets += 1
        }
    }

    /// Drops outbox entries whose last packet has been multicast.
    mutating func pruneOutbox() {
        let sent = srp.dequeuedPackets
        if let firstPending = outbox.firstIndex(where: { $0.lastPacket >= sent }) {
            if firstPending > 0 { outbox.removeFirst(firstPending) }
        } else {
            outbox.removeAll()
        }
    }

    /// At a regular configuration change: take back unsent packets and re-pack every message
    /// not completely sent, so no message straddles two configurations.
    mutating func repackAfterConfigurationChange() {
        pruneOutbox()
        _ = srp.drainSendQueue()
        _ = packer.takePackets()
        flushedPackets = srp.dequeuedPackets
        let pending = outbox
        outbox.removeAll()
        for message in pending {
            // These were accepted once, so they fit.
            try? packer.append(message.payload, groups: [message.group], guarantee: message.guarantee)
            let last = flushedPackets + UInt64(packer.pendingPacketCount) - 1
            outbox.append(
                Outgoing(payload: message.payload, group: message.group, guarantee: message.guarantee, lastPacket: last)
            )
        }
    }

    mutating func translate(_ effects: [SRPEffect]) -> [TotemEffect] {
        var out: [TotemEffect] = []
        out.reserveCapacity(effects.count)
        for effect in effects {
            switch effect {
            case .send(let bytes, let destination):
                out.append(.send(bytes, to: destination))
            case .deliver(let packet):
                let result = assembler.receive(packet.payload, from: packet.sender, swapped: packet.swapped)
                for message in result.messages {
                    out.append(
                        .deliver(
                            DeliveredMessage(
                                sender: message.sender, groups: message.groups, payload: message.payload,
                                guarantee: packet.guarantee, ringID: packet.ringID, seq: packet.seq)))
                }
                if !result.drops.isEmpty {
                    framingDrops += UInt64(result.drops.count)
                    out.append(.dropped(.malformedPacket))
                }
            case .configurationChanged(let change):
                if change.kind == .regular {
                    assembler.reset()
                    repackAfterConfigurationChange()
                }
                out.append(.configurationChanged(change))
            case .persistRingSeq(let seq):
                out.append(.persistRingSeq(seq))
            case .dropped(let reason):
                out.append(.dropped(reason))
            }
        }
        pruneOutbox()
        return out
    }
}
