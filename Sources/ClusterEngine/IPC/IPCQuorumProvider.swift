import NodeCore
import ClusterIPC
import Totem

/// What the IPC server asks for when `quorumtool` calls: implemented by ``ClusterNode`` (from
/// its votequorum core, ring and configuration) and by test doubles.
public protocol IPCQuorumProvider: Sendable {
    /// The quorum state with votequorum's figures and the members' names (`quorumtool -s/-l`).
    func quorumStatusInfo() -> QuorumStatusInfo

    /// Runs votequorum's set-expected-votes request and multicasts its RECONFIGURE; returns once
    /// the message is queued on the ring (the new figures apply when it is delivered).
    func setExpectedVotes(_ expected: UInt32) async throws(QuorumRequestError)

    /// Runs votequorum's set-votes request for `node` (0 = the quorum device) and multicasts its
    /// RECONFIGURE; returns once the message is queued on the ring.
    func setVotes(_ votes: UInt32, of node: NodeID) async throws(QuorumRequestError)
}
