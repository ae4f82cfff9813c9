import NodeCore
import ClusterIPC

/// What the IPC server needs, beyond ``IPCQuorumProvider``, for the votequorum calls that push
/// or steer the quorum: the published states for quorum tracking (`0x0404`/`0x0405`) and the
/// cancellation of wait_for_all (`0x0480`). Implemented by ``ClusterNode`` and test doubles;
/// without one those calls get `CS_ERR_NOT_SUPPORTED`.
public protocol IPCQuorumControl: Sendable {
    /// The quorum states as they change (what tracking connections are sent).
    var quorumFeed: QuorumStatusFeed { get }

    /// Multicasts votequorum's RECONFIGURE(CANCEL_WFA), as corosync does when
    /// `quorum.cancel_wait_for_all` is set in cmap; every node, this one included, stops
    /// waiting for all when it is delivered. Returns once the message is queued.
    func cancelWaitForAll() async throws(QuorumRequestError)
}
