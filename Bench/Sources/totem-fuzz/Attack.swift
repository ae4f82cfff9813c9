import Totem

/// The named attacks. Each forged datagram claims a listed node as its sender and goes out from
/// that node's address; all are built with the Totem wire types. `none` is the control: it sends
/// nothing and measures what the measurement itself takes (IPC polls and one reload).
enum Attack: String, CaseIterable, Sendable {
    case none
    case junk
    case joinBomb = "join-bomb"
    case accuse
    case hugeToken = "huge-token"
    case holeToken = "hole-token"
    case forgedMcast = "forged-mcast"

    /// One line for `--help` and the report.
    var summary: String {
        switch self {
        case .none: "control: sends nothing, measures the measurement"
        case .junk: "random datagrams up to 1500 bytes, half of them behind a valid totem header"
        case .joinBomb: "JOINs naming ~100 node ids outside the nodelist"
        case .accuse: "JOINs accusing random listed nodes of having failed"
        case .hugeToken: "ORF tokens of the live ring with seq 0x7ffffff0 and a high token seq"
        case .holeToken: "ORF tokens of the live ring with a seq a little ahead of the live one"
        case .forgedMcast: "MCASTs of the live ring with a seq a little ahead (the documented exposure)"
        }
    }

    /// True when the attack needs the live ring id (it waits for one before sending).
    var needsRingID: Bool {
        switch self {
        case .none, .junk, .joinBomb, .accuse: false
        case .hugeToken, .holeToken, .forgedMcast: true
        }
    }
}

/// One forged datagram: who it claims to come from, where it goes, and its bytes.
struct Forged {
    /// The impersonated node (the datagram leaves from its address).
    var source: NodeID
    /// The nodes it is sent to (an MCAST goes to every other node, as a real one does).
    var targets: [NodeID]
    /// The encoded datagram.
    var bytes: [UInt8]
}

/// Builds an attack's datagrams from the ring and the live view.
struct Forger {
    /// The attacked ring.
    let ring: FuzzRing
    /// The nodes the datagrams go to (a subset of the nodelist).
    let targets: [NodeID]
    /// The seeded source of every random choice.
    var random: SplitMix64

    /// The next datagram of `attack`; nil when the attack needs a ring id and none is known yet.
    mutating func next(_ attack: Attack, live: LiveRing.View) -> Forged? {
        let target = targets.randomElement(using: &random)!
        switch attack {
        case .none:
            return nil
        case .junk:
            return Forged(source: impostor(for: target), targets: [target], bytes: junk())
        case .joinBomb:
            let strangers = (0..<100).map { _ in NodeID(UInt32.random(in: 1_000...0x7FFF_FFFF, using: &random)) }
            let source = impostor(for: target)
            let join = Join(sender: source, ringSeq: ringSeq(live), procList: ring.ids + strangers, failedList: [])
            return Forged(source: source, targets: [target], bytes: join.encode())
        case .accuse:
            let source = impostor(for: target)
            let accused = ring.ids.filter { $0 != source && Bool.random(using: &random) }
            let failed = accused.isEmpty ? [target] : accused
            let join = Join(
                sender: source, ringSeq: ringSeq(live), procList: ring.ids.filter { !failed.contains($0) },
                failedList: failed)
            return Forged(source: source, targets: [target], bytes: join.encode())
        case .hugeToken, .holeToken:
            guard let ringID = live.ringID else { return nil }
            return Forged(source: ring.predecessor(of: target), targets: [target], bytes: token(attack, ringID, live))
        case .forgedMcast:
            guard let ringID = live.ringID else { return nil }
            let source = ring.ids.randomElement(using: &random)!
            let seq = (live.seq ?? 0) &+ UInt32.random(in: 1...3, using: &random)
            let mcast = Mcast(sender: source, seq: seq, thisSeqno: 1, ringID: ringID, payload: Self.harmlessPacket)
            return Forged(source: source, targets: targets.filter { $0 != source }, bytes: mcast.encode())
        }
    }

    /// A listed node other than `target` (the target itself when it is the only one).
    private mutating func impostor(for target: NodeID) -> NodeID {
        ring.ids.filter { $0 != target }.randomElement(using: &random) ?? target
    }

    private func ringSeq(_ live: LiveRing.View) -> UInt64 { live.ringID?.seq ?? 0 }

    /// A huge token (seq 0x7ffffff0) or one whose seq is 1 to 8 past the live seq; its token
    /// seq is past the live one (or high when none was seen) so that it is not a duplicate.
    private mutating func token(_ attack: Attack, _ ringID: RingID, _ live: LiveRing.View) -> [UInt8] {
        let seq: UInt32
        let tokenSeq: UInt32
        if attack == .hugeToken {
            seq = 0x7FFF_FFF0
            tokenSeq = 0x7FFF_0000 &+ UInt32.random(in: 0...0xFFFF, using: &random)
        } else {
            seq = (live.seq ?? 0) &+ UInt32.random(in: 1...8, using: &random)
            tokenSeq =
                live.tokenSeq.map { $0 &+ UInt32.random(in: 1...16, using: &random) }
                ?? UInt32.random(in: 0x1000...0xFFFF, using: &random)
        }
        let aru = live.seq ?? 0
        return OrfToken(
            sender: ring.ids.randomElement(using: &random)!, seq: seq, tokenSeq: tokenSeq, aru: aru,
            aruAddr: aru == seq ? 0 : ring.ids.randomElement(using: &random)!, ringID: ringID
        ).encode()
    }

    /// Random bytes; every other datagram starts with a valid header of a random message type,
    /// so that it reaches the decoders behind the magic check.
    private mutating func junk() -> [UInt8] {
        let length = Int.random(in: 1...1500, using: &random)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length + 8)
        while bytes.count < length { withUnsafeBytes(of: random.next()) { bytes += $0 } }
        bytes.removeLast(bytes.count - length)
        if Bool.random(using: &random), length >= TotemHeader.size {
            let type = TotemMessageType.allCases.randomElement(using: &random)!
            var writer = WireWriter(capacity: TotemHeader.size)
            let sender = ring.ids.randomElement(using: &random)!
            TotemHeader(type: type, encapsulated: type == .mcast ? 2 : 0, nodeID: sender).encode(into: &writer)
            bytes.replaceSubrange(0..<TotemHeader.size, with: writer.bytes)
        }
        return bytes
    }

    /// A valid totempg packet with one message, addressed to the services' group, for a service
    /// id no node implements: delivered, it shows that the forged MCAST got into the order
    /// without changing any service's state.
    static let harmlessPacket: [UInt8] = {
        let message =
            GroupHeader(groups: [GroupHeader.services]).encode()
            + ServiceHeader(service: 0x7F7F, function: 0, size: Int32(ServiceHeader.size)).encode()
        return TotemPGPacket(pieces: [message]).encode()
    }()
}
