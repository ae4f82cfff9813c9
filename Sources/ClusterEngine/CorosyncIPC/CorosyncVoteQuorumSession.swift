import ClusterIPC
import CorosyncIPC
import CorosyncIPCCodec
import NodeCore
import Synchronization
import Totem

/// corosync's votequorum service (`@votequorum`, id 5) for stock libvotequorum clients, with
/// exec/votequorum.c's semantics: GETINFO, SETEXPECTED and SETVOTES through the node's quorum
/// control, TRACKSTART/STOP with the nodelist and quorum notifications, and QDEVICE_* as
/// corosync answers them while no device is registered.
struct CorosyncVoteQuorumEndpoint: CorosyncService {
    let name = "votequorum"
    let serviceID: Int32 = 5
    let source: any CorosyncQuorumSource
    let allows: @Sendable (_ uid: UInt32, _ gid: UInt32) -> Bool

    func admit(uid: UInt32, gid: UInt32) -> CorosyncAdmission { allows(uid, gid) ? .allow : .deny }

    func open(_ connection: CorosyncConnection) -> any CorosyncSession {
        CorosyncVoteQuorumSession(source: source, connection: connection)
    }
}

/// One libvotequorum client: its tracker, if it tracks changes.
final class CorosyncVoteQuorumSession: CorosyncSession {
    let source: any CorosyncQuorumSource
    let connection: CorosyncConnection
    private var tracker: UInt64?

    init(source: any CorosyncQuorumSource, connection: CorosyncConnection) {
        self.source = source
        self.connection = connection
    }

    func receive(_ request: [UInt8]) -> CorosyncReply {
        guard let request = VoteQuorumLibRequest.decode(request) else { return .response(LibMessage.refusal()) }
        switch request {
        case .getInfo(let nodeID):
            return .response(VoteQuorumLibResponse.getInfo(Self.info(source.quorumStatusInfo(), nodeID: nodeID)))
        case .setExpected(let expected):
            return deferred { source in
                await Self.status { () async throws(QuorumRequestError) in try await source.setExpectedVotes(expected) }
            }
        case .setVotes(let votes, let nodeID):
            return deferred { source in
                await Self.status { () async throws(QuorumRequestError) in
                    try await source.setVotes(votes, of: NodeID(rawValue: nodeID))
                }
            }
        case .trackStart(let context, let flags):
            return .response(trackStart(context: context, flags: flags))
        case .trackStop:
            let error: CSError = tracker == nil ? .notExist : .ok
            close()
            return .response(VoteQuorumLibResponse.status(error))
        case .qdevice(let id):
            // No device is ever registered here: corosync's unregister, update, poll and
            // master_wins then answer CS_ERR_NOT_EXIST; registering one is not supported.
            return .response(VoteQuorumLibResponse.status(id == 5 ? .notSupported : .notExist))
        }
    }

    func close() {
        if let tracker { source.corosyncQuorumTrackers.remove(tracker) }
        tracker = nil
    }

    /// Runs a quorum request off the server's thread and answers its status when it is queued.
    private func deferred(_ body: @escaping @Sendable (any CorosyncQuorumSource) async -> CSError) -> CorosyncReply {
        let source = self.source
        let connection = self.connection
        Task { connection.respond(VoteQuorumLibResponse.status(await body(source))) }
        return .deferred
    }

    /// `CS_OK` when `request` succeeds, else corosync's status for its error.
    static func status(_ request: () async throws(QuorumRequestError) -> Void) async -> CSError {
        do {
            try await request()
            return .ok
        } catch {
            return status(error)
        }
    }

    /// corosync's status for a refused quorum request.
    static func status(_ error: QuorumRequestError) -> CSError {
        switch error {
        case .refused(.invalidParameter): .invalidParam
        case .refused(.nodeNotFound): .nameNotFound
        case .noVoteQuorum: .notSupported
        case .ringUnavailable: .noResources
        }
    }

    /// TRACKSTART: CURRENT or CHANGES send the nodelist and quorum events now; a second
    /// tracker is `CS_ERR_EXIST`; CHANGES and CHANGES_ONLY follow with `context`.
    func trackStart(context: UInt64, flags: UInt32) -> [UInt8] {
        if flags & (CSTrack.current | CSTrack.changes) != 0 {
            let info = source.quorumStatusInfo()
            connection.send(event: Self.nodelist(info, context: context))
            connection.send(event: Self.quorum(info, context: context))
        }
        guard tracker == nil else { return VoteQuorumLibResponse.status(.exist) }
        if flags & (CSTrack.changes | CSTrack.changesOnly) != 0 {
            let connection = self.connection
            let lastRing = LastRing()
            tracker = source.corosyncQuorumTrackers.add { info in
                // corosync sends the nodelist once per sync, the quorum at each callback.
                if lastRing.changed(to: info) { connection.send(event: Self.nodelist(info, context: context)) }
                connection.send(event: Self.quorum(info, context: context))
            }
        }
        return VoteQuorumLibResponse.status(.ok)
    }

    /// GETINFO's view of `nodeID` (0: this node): nil when it is no member votequorum knows.
    static func info(_ info: QuorumStatusInfo, nodeID: UInt32) -> VoteQuorumLibInfo? {
        let id = nodeID == 0 ? info.localNodeID : nodeID
        guard info.voteQuorum, let member = info.members.first(where: { $0.nodeID == id && $0.known }) else {
            return nil
        }
        // The device bits (64...512) are the node's own; the others are the cluster's.
        let deviceBits: UInt32 = 64 | 128 | 256 | 512
        return VoteQuorumLibInfo(
            nodeID: id, state: UInt32(member.state), votes: member.votes, expectedVotes: member.expectedVotes,
            highestExpected: info.highestExpected, totalVotes: info.totalVotes, quorum: info.quorum,
            flags: info.flags & ~deviceBits | member.deviceFlags & deviceBits, deviceVotes: info.deviceVotes,
            deviceName: info.deviceName)
    }

    static func nodelist(_ info: QuorumStatusInfo, context: UInt64) -> [UInt8] {
        VoteQuorumLibResponse.nodelistNotification(
            context: context, ringRep: info.ringRep, ringSeq: info.ringSeq, members: info.members.map(\.nodeID))
    }

    static func quorum(_ info: QuorumStatusInfo, context: UInt64) -> [UInt8] {
        VoteQuorumLibResponse.quorumNotification(
            quorate: info.quorate, context: context,
            nodes: info.members.map { (nodeID: $0.nodeID, state: UInt32($0.state)) })
    }
}

/// The ring a tracker last sent a nodelist event for.
private final class LastRing: Sendable {
    private let ring = Mutex<(UInt32, UInt64)?>(nil)

    /// Records `info`'s ring; true when it differs from the last one.
    func changed(to info: QuorumStatusInfo) -> Bool {
        ring.withLock { last in
            let now = (info.ringRep, info.ringSeq)
            defer { last = now }
            return last.map { $0 != now } ?? true
        }
    }
}
