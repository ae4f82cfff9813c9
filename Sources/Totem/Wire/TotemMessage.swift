/// Any totem datagram, decoded.
///
/// `decode` accepts both byte orders (the magic tells which) and never traps: truncated,
/// oversized or inconsistent input throws a ``WireError``. `encode` always writes little-endian.
public enum TotemMessage: Hashable, Sendable {
    /// Type 0.
    case orfToken(OrfToken)
    /// Type 1.
    case mcast(Mcast)
    /// Type 2.
    case mergeDetect(MergeDetect)
    /// Type 3 (also LEAVE).
    case join(Join)
    /// Type 4.
    case commitToken(CommitToken)
    /// Type 5.
    case tokenHoldCancel(TokenHoldCancel)

    /// Decodes one datagram.
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> TotemMessage {
        var reader = WireReader(bytes)
        let header = try TotemHeader.decode(&reader)
        switch header.type {
        case .orfToken: return .orfToken(try OrfToken(header: header, body: &reader))
        case .mcast: return .mcast(try Mcast(header: header, body: &reader))
        case .mergeDetect: return .mergeDetect(try MergeDetect(header: header, body: &reader))
        case .join: return .join(try Join(header: header, body: &reader))
        case .commitToken: return .commitToken(try CommitToken(header: header, body: &reader))
        case .tokenHoldCancel: return .tokenHoldCancel(try TokenHoldCancel(header: header, body: &reader))
        }
    }

    /// The encoded datagram, little-endian.
    public func encode() -> [UInt8] {
        switch self {
        case .orfToken(let message): message.encode()
        case .mcast(let message): message.encode()
        case .mergeDetect(let message): message.encode()
        case .join(let message): message.encode()
        case .commitToken(let message): message.encode()
        case .tokenHoldCancel(let message): message.encode()
        }
    }

    /// The header of whichever message this is.
    public var header: TotemHeader {
        switch self {
        case .orfToken(let message): message.header
        case .mcast(let message): message.header
        case .mergeDetect(let message): message.header
        case .join(let message): message.header
        case .commitToken(let message): message.header
        case .tokenHoldCancel(let message): message.header
        }
    }

    /// The node that sent this datagram: `system_from` where the message carries it (a LEAVE's
    /// header says node 0), otherwise the header's node id.
    public var sender: NodeID {
        switch self {
        case .mcast(let message): message.systemFrom
        case .mergeDetect(let message): message.systemFrom
        case .join(let message): message.systemFrom
        case .orfToken, .commitToken, .tokenHoldCancel: header.nodeID
        }
    }
}
