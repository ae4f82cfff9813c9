import ClusterIPC
import CorosyncIPC
import CorosyncIPCCodec

/// corosync's quorum service (`@quorum`, id 3) for stock libquorum clients
/// (`corosync-quorumtool`, Pacemaker's controller), with exec/vsf_quorum.c's semantics:
/// GETQUORATE, GETTYPE, MODEL_GETTYPE (model v0 only), TRACKSTART/STOP with the v0
/// notification. Who may connect is corosync's rule for every service (cmap's).
struct CorosyncQuorumEndpoint: CorosyncService {
    let name = "quorum"
    let serviceID: Int32 = 3
    let source: any CorosyncQuorumSource
    let allows: @Sendable (_ uid: UInt32, _ gid: UInt32) -> Bool

    func admit(uid: UInt32, gid: UInt32) -> CorosyncAdmission { allows(uid, gid) ? .allow : .deny }

    func open(_ connection: CorosyncConnection) -> any CorosyncSession {
        CorosyncQuorumSession(source: source, connection: connection)
    }
}

/// One libquorum client: its tracker, if it tracks changes.
final class CorosyncQuorumSession: CorosyncSession {
    let source: any CorosyncQuorumSource
    let connection: CorosyncConnection
    private var tracker: UInt64?

    init(source: any CorosyncQuorumSource, connection: CorosyncConnection) {
        self.source = source
        self.connection = connection
    }

    func receive(_ request: [UInt8]) -> CorosyncReply {
        guard let request = QuorumLibRequest.decode(request) else { return .response(LibMessage.refusal()) }
        return .response(answer(request))
    }

    func close() {
        if let tracker { source.corosyncQuorumTrackers.remove(tracker) }
        tracker = nil
    }

    /// The response to one request.
    func answer(_ request: QuorumLibRequest) -> [UInt8] {
        switch request {
        case .getQuorate:
            return QuorumLibResponse.getQuorate(source.quorumStatusInfo().quorate)
        case .getType:
            return QuorumLibResponse.type(quorumType)
        case .modelGetType(let model):
            // Only the v0 notification is sent here: a v1 client is told so rather than left
            // waiting for events in a format it does not get.
            return QuorumLibResponse.type(quorumType, model: true, error: model == 0 ? .ok : .notSupported)
        case .trackStart(let flags):
            return trackStart(flags)
        case .trackStop:
            close()
            // corosync answers CS_OK even when nothing was tracked.
            return QuorumLibResponse.status(2, .ok)
        }
    }

    /// `QUORUM_SET` when a provider is configured, else `QUORUM_FREE`.
    var quorumType: UInt32 {
        source.quorumStatusInfo().provider.isEmpty ? QuorumLibResponse.quorumFree : QuorumLibResponse.quorumSet
    }

    /// TRACKSTART: CURRENT or CHANGES send the state now; a second tracker is
    /// `CS_ERR_EXIST` (after that event, as corosync does); CHANGES and CHANGES_ONLY follow.
    func trackStart(_ flags: UInt32) -> [UInt8] {
        if flags & (CSTrack.current | CSTrack.changes) != 0 {
            connection.send(event: Self.notification(source.quorumStatusInfo()))
        }
        guard tracker == nil else { return QuorumLibResponse.status(1, .exist) }
        if flags & (CSTrack.changes | CSTrack.changesOnly) != 0 {
            let connection = self.connection
            tracker = source.corosyncQuorumTrackers.add { info in connection.send(event: Self.notification(info)) }
        }
        return QuorumLibResponse.status(1, .ok)
    }

    /// The v0 notification of `info`.
    static func notification(_ info: QuorumStatusInfo) -> [UInt8] {
        QuorumLibResponse.notification(
            quorate: info.quorate, ringSeq: info.ringSeq, members: info.members.map(\.nodeID))
    }
}
