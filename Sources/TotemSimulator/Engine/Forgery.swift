import Totem

/// What the swarm's attacker knows and draws from: recent JOINs, merge detects and hold cancels
/// it overheard, the last ORF token, and a random stream of its own, so that turning forgery on
/// does not change when the other faults happen.
///
/// It never sends what the engine cannot defend against without an authenticated transport
/// (README, Security): an MCAST, a commit token, or an ORF token the receiver would accept. An
/// accepted forged token starts a second token chain; both assign seqs, and members may deliver
/// different messages for one seq before the chains meet.
struct Forgery: Sendable {
    /// How many overheard datagrams are kept.
    static let memory = 32

    var random: SimulationRandom
    var overheard: [[UInt8]] = []
    var next = 0
    /// The last ORF token overheard (the live ring id, seq and token_seq to forge from).
    var lastToken: OrfToken?

    init(random: SimulationRandom) { self.random = random }

    /// Remembers a datagram a node sent, if the attacker may replay it.
    mutating func overhear(_ bytes: [UInt8]) {
        guard bytes.count > 3 else { return }
        switch bytes[3] {
        case TotemMessageType.mcast.rawValue, TotemMessageType.commitToken.rawValue:
            return
        case TotemMessageType.orfToken.rawValue:
            if case .orfToken(let token)? = try? TotemMessage.decode(bytes) { lastToken = token }
            return
        default: break
        }
        if overheard.count < Self.memory {
            overheard.append(bytes)
        } else {
            overheard[next] = bytes
            next = (next + 1) % Self.memory
        }
    }

    /// The kinds of forged datagram.
    enum Kind: CaseIterable {
        /// Random bytes.
        case garbage
        /// An overheard JOIN, merge detect or hold cancel with a few bytes changed, or cut short.
        case mutated
        /// A JOIN from a listed node naming up to 100 node ids outside the nodelist.
        case listBomb
        /// A JOIN from a listed node accusing random listed nodes of having failed.
        case accusation
        /// An ORF token of the live ring with seq 0x7ffffff0, or an aru above its seq.
        case implausibleToken
    }

    /// One forged datagram claiming to come from `sender` of `nodes`; nil when the attacker
    /// knows too little yet (no token overheard) or drew something it must not send.
    mutating func forge(from sender: NodeID, nodes: [NodeID]) -> [UInt8]? {
        let kind = random.pick(Kind.allCases) ?? .garbage
        let bytes: [UInt8]?
        switch kind {
        case .garbage:
            bytes = (0..<random.int(in: 1...1_500)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case .mutated:
            guard var copy = random.pick(overheard) else { return nil }
            if random.chance(perMille: 200) {
                copy = Array(copy.prefix(random.int(in: 0...copy.count - 1)))
            } else {
                for _ in 0..<random.int(in: 1...4) {
                    copy[random.int(in: 0...copy.count - 1)] ^= UInt8(truncatingIfNeeded: random.int(in: 1...255))
                }
            }
            bytes = copy
        case .listBomb:
            let strangers = (0..<random.int(in: 1...100)).map { _ in NodeID(UInt32(random.int(in: 1_000...1_000_000))) }
            let join = Join(
                sender: sender, ringSeq: lastToken?.ringID.seq ?? 0, procList: nodes + strangers,
                failedList: Array(strangers.prefix(random.int(in: 0...strangers.count))))
            bytes = join.encode()
        case .accusation:
            let accused = nodes.filter { $0 != sender && random.chance(perMille: 400) }
            let join = Join(sender: sender, ringSeq: lastToken?.ringID.seq ?? 0, procList: nodes, failedList: accused)
            bytes = join.encode()
        case .implausibleToken:
            guard var token = lastToken else { return nil }
            token.header.nodeID = sender
            token.tokenSeq &+= UInt32(random.int(in: 1...1_000))
            if random.chance(perMille: 500) {
                token.seq = 0x7fff_fff0
            } else {
                token.aru = token.seq &+ UInt32(random.int(in: 1...1_000))
            }
            bytes = token.encode()
        }
        guard let bytes, Self.mayForge(bytes) else { return nil }
        return bytes
    }

    /// Whether the attacker may send `bytes`: never anything that decodes as an MCAST, a commit
    /// token, or an ORF token with an aru at most its seq (which a receiver could accept).
    static func mayForge(_ bytes: [UInt8]) -> Bool {
        switch try? TotemMessage.decode(bytes) {
        case .mcast?, .commitToken?: false
        case .orfToken(let token)?: token.seq == 0x7fff_fff0 || SequenceOrder.lt(token.seq, token.aru)
        default: true
        }
    }
}
