/// A request a client sends. Both calls of version 1 have an empty body.
public enum IPCRequest: Hashable, Sendable {
    /// The ring's status (reply ``RingStatusInfo``).
    case ringStatus
    /// The nodelist and each node's state (reply ``NodeListInfo``).
    case nodeList

    /// The request's kind.
    public var kind: IPCKind {
        switch self {
        case .ringStatus: return .ringStatus
        case .nodeList: return .nodeList
        }
    }

    /// The frame carrying this request.
    public func frame(requestID: UInt32) -> IPCFrame {
        IPCFrame(kind: kind, requestID: requestID, body: [])
    }

    /// Interprets a received frame as a request.
    /// - Throws: ``IPCError/unsupportedVersion(_:)``, ``IPCError/unknownKind(_:)`` for a kind that
    ///   is not an implemented request, ``IPCError/trailingBytes(count:)`` for a body where none
    ///   belongs.
    public static func decode(_ frame: IPCFrame) throws(IPCError) -> IPCRequest {
        guard frame.version == IPCProtocol.version else { throw .unsupportedVersion(frame.version) }
        let request: IPCRequest
        switch frame.kind {
        case .ringStatus: request = .ringStatus
        case .nodeList: request = .nodeList
        default: throw .unknownKind(frame.kind.rawValue)
        }
        try IPCReader(frame.body).finish()
        return request
    }
}
