/// A reply: a payload on success, or a status and a message.
///
/// Body: `u32 status`, then the kind's payload when the status is 0, or `string message` when
/// it is an error. The frame's kind is the request's kind with bit 15 set (``IPCKind/reply``),
/// or ``IPCKind/protocolError`` when the request's kind itself was unusable.
public enum IPCReply: Hashable, Sendable {
    /// Reply to ``IPCRequest/ringStatus``.
    case ringStatus(RingStatusInfo)
    /// Reply to ``IPCRequest/nodeList``.
    case nodeList(NodeListInfo)
    /// Reply to ``IPCRequest/quorumStatus``.
    case quorumStatus(QuorumStatusInfo)
    /// Reply to a cmap call that has a payload (get, iterate, track-add); the others get
    /// ``done``.
    case cmap(CMapReply)
    /// Success without a payload: the reply to ``IPCRequest/setExpectedVotes(_:)`` and
    /// ``IPCRequest/setVotes(nodeID:votes:)`` (the body is the status alone).
    case done
    /// The request failed with `status` (never ``IPCStatus/ok``); `message` says why.
    case failure(IPCStatus, message: String)

    /// The reply frame for a request of kind `requestKind`.
    public func frame(requestKind: IPCKind, requestID: UInt32) -> IPCFrame {
        var writer = IPCWriter()
        switch self {
        case .ringStatus(let info):
            writer.u32(IPCStatus.ok.rawValue)
            info.encode(&writer)
        case .nodeList(let info):
            writer.u32(IPCStatus.ok.rawValue)
            info.encode(&writer)
        case .quorumStatus(let info):
            writer.u32(IPCStatus.ok.rawValue)
            info.encode(&writer)
        case .cmap(let reply):
            writer.u32(IPCStatus.ok.rawValue)
            reply.encode(&writer)
        case .done:
            writer.u32(IPCStatus.ok.rawValue)
        case .failure(let status, let message):
            writer.u32(status.rawValue)
            writer.string(message)
        }
        let kind = requestKind.isRequest ? requestKind.reply : IPCKind.protocolError
        return IPCFrame(kind: kind, requestID: requestID, body: writer.bytes)
    }

    /// Interprets a received frame as the reply to `request`.
    /// - Throws: ``IPCError/unsupportedVersion(_:)``, ``IPCError/unknownKind(_:)`` when the kind
    ///   is neither the request's reply nor ``IPCKind/protocolError``, or a body error.
    public static func decode(_ frame: IPCFrame, for request: IPCRequest) throws(IPCError) -> IPCReply {
        guard frame.version == IPCProtocol.version else { throw .unsupportedVersion(frame.version) }
        guard frame.kind == request.kind.reply || frame.kind == .protocolError else {
            throw .unknownKind(frame.kind.rawValue)
        }
        var reader = IPCReader(frame.body)
        let status = IPCStatus(rawValue: try reader.u32("status"))
        let reply: IPCReply
        if status != .ok {
            reply = .failure(status, message: try reader.string("message"))
        } else if frame.kind == .protocolError {
            throw .invalidValue(field: "status", value: 0)
        } else {
            switch request {
            case .ringStatus: reply = .ringStatus(try RingStatusInfo.decode(&reader))
            case .nodeList: reply = .nodeList(try NodeListInfo.decode(&reader))
            case .quorumStatus: reply = .quorumStatus(try QuorumStatusInfo.decode(&reader))
            case .setExpectedVotes, .setVotes, .trackQuorum, .stopQuorumTracking, .cancelWaitForAll, .reloadConfig, .killNode,
                .shutdown, .reopenLogFiles:
                reply = .done
            case .cmap(let call): reply = try CMapReply.decode(&reader, for: call)
            }
        }
        try reader.finish()
        return reply
    }
}
