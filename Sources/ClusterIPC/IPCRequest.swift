/// A request a client sends.
///
/// Bodies: empty for ``ringStatus``, ``nodeList``, ``quorumStatus``, ``stopQuorumTracking`` and
/// ``cancelWaitForAll``, ``reloadConfig`` and ``reopenLogFiles``; `u32 expected votes` for ``setExpectedVotes(_:)``; `u32 nodeid | u32
/// votes` for ``setVotes(nodeID:votes:)``; `u32 flags` for ``trackQuorum(_:)``; `u32 nodeid |
/// string reason` for ``killNode(nodeID:reason:)``; `u32 flag` for ``shutdown(_:)``.
public enum IPCRequest: Hashable, Sendable {
    /// The ring's status (reply ``RingStatusInfo``).
    case ringStatus
    /// The nodelist and each node's state (reply ``NodeListInfo``).
    case nodeList
    /// The quorum state, votequorum's figures and the members (reply ``QuorumStatusInfo``).
    case quorumStatus
    /// votequorum: make the cluster's expected votes this value (reply ``IPCReply/done`` or a
    /// failure such as `CS_ERR_INVALID_PARAM`).
    case setExpectedVotes(UInt32)
    /// votequorum: give node `nodeID` (0 = the quorum device) `votes` votes (reply
    /// ``IPCReply/done`` or a failure such as `CS_ERR_NAME_NOT_FOUND`).
    case setVotes(nodeID: UInt32, votes: UInt32)
    /// A cmap call (``CMapRequest``; kinds `0x0201...`).
    case cmap(CMapRequest)
    /// votequorum: push the quorum state to this connection (``QuorumNotification``s) as the
    /// flags ask; `u32 flags` (reply ``IPCReply/done``).
    case trackQuorum(QuorumTrackFlags)
    /// votequorum: stop pushing (reply ``IPCReply/done``, or `CS_ERR_NOT_EXIST` when not tracking).
    case stopQuorumTracking
    /// votequorum: cancel wait_for_all on every node (reply ``IPCReply/done`` once queued).
    case cancelWaitForAll
    /// cfg: every node re-reads its corosync.conf (RELOAD_CONFIG); reply ``IPCReply/done``
    /// when this node applied it, else a failure (`CS_ERR_INVALID_PARAM` with the reason,
    /// `CS_ERR_TIMEOUT` when the request was not delivered in time).
    case reloadConfig
    /// cfg: stop node `nodeID`, which logs `reason` (KILLNODE); reply ``IPCReply/done`` once
    /// the message is queued, `CS_ERR_NOT_EXIST` when the node is not a member of the ring,
    /// `CS_ERR_NAME_TOO_LONG` for a reason of 256 bytes or more.
    case killNode(nodeID: UInt32, reason: String)
    /// cfg: shut the daemon down (TRYSHUTDOWN with ``ShutdownFlag``); reply ``IPCReply/done``,
    /// then the daemon multicasts SHUTDOWN, leaves the ring and exits.
    case shutdown(ShutdownFlag)
    /// cfg: close and reopen this daemon's log files (REOPEN_LOG_FILES); reply
    /// ``IPCReply/done``, or `CS_ERR_LIBRARY` when a file cannot be reopened.
    case reopenLogFiles

    /// The request's kind.
    public var kind: IPCKind {
        switch self {
        case .ringStatus: return .ringStatus
        case .nodeList: return .nodeList
        case .quorumStatus: return .quorumStatus
        case .setExpectedVotes: return .setExpectedVotes
        case .setVotes: return .setVotes
        case .cmap(let call): return call.kind
        case .trackQuorum: return .trackQuorum
        case .stopQuorumTracking: return .stopQuorumTracking
        case .cancelWaitForAll: return .cancelWaitForAll
        case .reloadConfig: return .reloadConfig
        case .killNode: return .killNode
        case .shutdown: return .shutdown
        case .reopenLogFiles: return .reopenLogFiles
        }
    }

    /// The frame carrying this request.
    public func frame(requestID: UInt32) -> IPCFrame {
        var writer = IPCWriter()
        switch self {
        case .ringStatus, .nodeList, .quorumStatus, .stopQuorumTracking, .cancelWaitForAll, .reloadConfig, .reopenLogFiles:
            break
        case .trackQuorum(let flags):
            writer.u32(flags.rawValue)
        case .setExpectedVotes(let expected):
            writer.u32(expected)
        case .setVotes(let nodeID, let votes):
            writer.u32(nodeID)
            writer.u32(votes)
        case .cmap(let call):
            call.encode(&writer)
        case .killNode(let nodeID, let reason):
            writer.u32(nodeID)
            writer.string(reason)
        case .shutdown(let flag):
            writer.u32(flag.rawValue)
        }
        return IPCFrame(kind: kind, requestID: requestID, body: writer.bytes)
    }

    /// Interprets a received frame as a request.
    /// - Throws: ``IPCError/unsupportedVersion(_:)``, ``IPCError/unknownKind(_:)`` for a kind that
    ///   is not an implemented request, ``IPCError/truncated(field:needed:available:)`` for a body
    ///   too short, ``IPCError/trailingBytes(count:)`` for bytes after the body (or where none
    ///   belongs).
    public static func decode(_ frame: IPCFrame) throws(IPCError) -> IPCRequest {
        guard frame.version == IPCProtocol.version else { throw .unsupportedVersion(frame.version) }
        var reader = IPCReader(frame.body)
        let request: IPCRequest
        switch frame.kind {
        case .ringStatus: request = .ringStatus
        case .nodeList: request = .nodeList
        case .quorumStatus: request = .quorumStatus
        case .setExpectedVotes: request = .setExpectedVotes(try reader.u32("expectedVotes"))
        case .setVotes: request = .setVotes(nodeID: try reader.u32("nodeID"), votes: try reader.u32("votes"))
        case let kind where CMapRequest.handles(kind): request = .cmap(try CMapRequest.decode(kind: kind, &reader))
        case .trackQuorum: request = .trackQuorum(try QuorumTrackFlags.validated(try reader.u32("trackFlags")))
        case .stopQuorumTracking: request = .stopQuorumTracking
        case .cancelWaitForAll: request = .cancelWaitForAll
        case .reloadConfig: request = .reloadConfig
        case .killNode: request = .killNode(nodeID: try reader.u32("nodeID"), reason: try reader.string("reason"))
        case .shutdown: request = .shutdown(try ShutdownFlag.validated(try reader.u32("shutdownFlag")))
        case .reopenLogFiles: request = .reopenLogFiles
        default: throw .unknownKind(frame.kind.rawValue)
        }
        try reader.finish()
        return request
    }
}
