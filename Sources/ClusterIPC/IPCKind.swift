/// The `kind` field of a frame: which request, reply or notification the body is.
///
/// The 16-bit space is split so that new services fit without renumbering:
///
/// | range             | meaning                                                        |
/// |-------------------|----------------------------------------------------------------|
/// | `0x0000`          | never valid                                                    |
/// | `0x0001...0x3FFF` | requests; the high byte is the service, the low byte the call  |
/// | `0x4000...0x7FFF` | notifications pushed by the server (`0x4000 | request`)        |
/// | `0x8000...0xBFFF` | replies (`0x8000 | request`)                                   |
/// | `0xFFFF`          | error reply to a frame whose kind could not be used            |
///
/// Services: `0x01` cfg (ring status, node list, reload, kill node, shutdown, reopen log files), `0x02` cmap (`0x0201 + n` for corosync's
/// cmap request number `n`: set, delete, get, iterate, track-add, track-delete, set-map),
/// `0x03` quorum (the combined quorum status), `0x04` votequorum (`0x0401 + n` for corosync's
/// votequorum request number `n`: set expected votes, set votes, track start/stop; getinfo
/// `0x0401` and the rest reserved; `0x0480...` are ours: cancel wait_for_all). `0x3Fxx` is
/// never assigned.
public struct IPCKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit kind as on the wire.
    public var rawValue: UInt16

    /// Wraps a raw kind.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// cfg: the local ring's status (``RingStatusInfo``).
    public static let ringStatus = IPCKind(rawValue: 0x0101)
    /// cfg: the nodelist with each node's address and connection state (``NodeListInfo``).
    public static let nodeList = IPCKind(rawValue: 0x0102)
    /// cfg: make every node reload its corosync.conf (corosync's RELOAD_CONFIG); the reply is
    /// this node's result: done, or the reason with `CS_ERR_INVALID_PARAM`.
    public static let reloadConfig = IPCKind(rawValue: 0x0103)
    /// cfg: stop node `nodeid` (corosync's KILLNODE: the daemon multicasts cfg function 1 and
    /// the node concerned exits); refused with `CS_ERR_NOT_EXIST` for a node not in the ring.
    public static let killNode = IPCKind(rawValue: 0x0104)
    /// cfg: shut this daemon down cleanly (corosync's TRYSHUTDOWN: cfg SHUTDOWN, function 2, is
    /// multicast, then the node leaves the ring and exits 0).
    public static let shutdown = IPCKind(rawValue: 0x0105)
    /// cfg: close and reopen the daemon's log files (corosync's REOPEN_LOG_FILES, what
    /// `corosync-cfgtool -L` asks after logrotate moved them).
    public static let reopenLogFiles = IPCKind(rawValue: 0x0106)
    /// quorum: the quorum state with votequorum's figures and the members (``QuorumStatusInfo``),
    /// what `quorumtool -s` and `-l` print.
    public static let quorumStatus = IPCKind(rawValue: 0x0301)
    /// votequorum: set the cluster's expected votes (corosync's SETEXPECTED, request 1).
    public static let setExpectedVotes = IPCKind(rawValue: 0x0402)
    /// votequorum: set a node's votes (corosync's SETVOTES, request 2).
    public static let setVotes = IPCKind(rawValue: 0x0403)
    /// cmap: set a key (corosync's cmap request 0).
    public static let cmapSet = IPCKind(rawValue: 0x0201)
    /// cmap: delete a key (request 1).
    public static let cmapDelete = IPCKind(rawValue: 0x0202)
    /// cmap: get a key (request 2).
    public static let cmapGet = IPCKind(rawValue: 0x0203)
    /// cmap: one page of a prefix iteration (corosync's iter-init, request 4; iter-next and
    /// iter-finalize are not needed since the page carries the values).
    public static let cmapIterate = IPCKind(rawValue: 0x0205)
    /// cmap: add a tracker (request 7).
    public static let cmapTrackAdd = IPCKind(rawValue: 0x0208)
    /// cmap: delete a tracker (request 8).
    public static let cmapTrackDelete = IPCKind(rawValue: 0x0209)
    /// cmap: select the connection's map, icmap or stats (request 9).
    public static let cmapSetMap = IPCKind(rawValue: 0x020A)
    /// cmap: a tracked change pushed by the server (`0x4000 | track-add`).
    public static let cmapTrackNotification = IPCKind(rawValue: 0x4208)
    /// votequorum: start tracking quorum changes (corosync's TRACKSTART, request 3); body
    /// ``QuorumTrackFlags``, pushes ``quorumNotification``.
    public static let trackQuorum = IPCKind(rawValue: 0x0404)
    /// votequorum: stop tracking quorum changes (corosync's TRACKSTOP, request 4).
    public static let stopQuorumTracking = IPCKind(rawValue: 0x0405)
    /// votequorum, ours (no corosync request: corosync does it through the cmap key
    /// `quorum.cancel_wait_for_all`): cancel wait_for_all on every node.
    public static let cancelWaitForAll = IPCKind(rawValue: 0x0480)
    /// The notification pushed to a tracking connection (`0x4000 | trackQuorum`).
    public static let quorumNotification = IPCKind(rawValue: 0x4404)
    /// The reply kind used when a frame's own kind cannot be answered (bad length, version, or
    /// a kind outside the request range).
    public static let protocolError = IPCKind(rawValue: 0xFFFF)

    /// Every request kind this version implements.
    public static let requests: [IPCKind] = [
        .ringStatus, .nodeList, .reloadConfig, .killNode, .shutdown, .reopenLogFiles, .quorumStatus, .setExpectedVotes, .setVotes, .trackQuorum, .stopQuorumTracking,
        .cancelWaitForAll,
        .cmapSet, .cmapDelete, .cmapGet, .cmapIterate, .cmapTrackAdd, .cmapTrackDelete, .cmapSetMap,
    ]

    /// True for `0x0001...0x3FFF`.
    public var isRequest: Bool { rawValue >= 0x0001 && rawValue <= 0x3FFF }
    /// True for `0x4000...0x7FFF`.
    public var isNotification: Bool { rawValue >= 0x4000 && rawValue <= 0x7FFF }
    /// True for `0x8000...0xBFFF` and ``protocolError``.
    public var isReply: Bool { (rawValue >= 0x8000 && rawValue <= 0xBFFF) || self == .protocolError }

    /// The reply kind for this request kind (`0x8000 | kind`).
    public var reply: IPCKind { IPCKind(rawValue: 0x8000 | (rawValue & 0x3FFF)) }

    /// The notification kind for this request kind (`0x4000 | kind`).
    public var notification: IPCKind { IPCKind(rawValue: 0x4000 | (rawValue & 0x3FFF)) }

    /// The kind in hex, with its name when known.
    public var description: String {
        let hex = "0x" + String(rawValue, radix: 16, uppercase: true)
        switch self {
        case .ringStatus: return "ringStatus(\(hex))"
        case .nodeList: return "nodeList(\(hex))"
        case .reloadConfig: return "reloadConfig(\(hex))"
        case .killNode: return "killNode(\(hex))"
        case .shutdown: return "shutdown(\(hex))"
        case .reopenLogFiles: return "reopenLogFiles(\(hex))"
        case .quorumStatus: return "quorumStatus(\(hex))"
        case .setExpectedVotes: return "setExpectedVotes(\(hex))"
        case .setVotes: return "setVotes(\(hex))"
        case .cmapSet, .cmapDelete, .cmapGet, .cmapIterate, .cmapTrackAdd, .cmapTrackDelete, .cmapSetMap:
            return "cmap(\(hex))"
        case .cmapTrackNotification: return "cmapTrackNotification(\(hex))"
        case .trackQuorum: return "trackQuorum(\(hex))"
        case .stopQuorumTracking: return "stopQuorumTracking(\(hex))"
        case .cancelWaitForAll: return "cancelWaitForAll(\(hex))"
        case .quorumNotification: return "quorumNotification(\(hex))"
        case .protocolError: return "protocolError(\(hex))"
        default: return hex
        }
    }
}
