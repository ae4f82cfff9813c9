import ClusterIPC
import NodeCore
import Totem
import TotemRuntime
import VoteQuorum

extension ClusterNode: IPCStatusProvider, IPCQuorumProvider, IPCQuorumControl {
    /// Runs `body` on the ring thread with the node core; its effects are carried out there,
    /// right after. `stopped` is thrown when the node is not running.
    func request<E: Error>(
        stopped: E, _ body: @escaping @Sendable (inout NodeCore, Instant) throws(E) -> [NodeEffect]
    ) async throws(E) {
        let result: Result<Void, E>
        do throws(RingStoppedError) {
            result = try await runtime.perform { core, now, effects in
                do throws(E) {
                    effects += try body(&core, now)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw stopped
        }
        try result.get()
    }

    /// As ``request(stopped:_:)``, waiting while `isFull` says the core had no room for it.
    func requestWhenRoom<E: Error>(
        stopped: E, isFull: @escaping @Sendable (E) -> Bool,
        _ body: @escaping @Sendable (inout NodeCore, Instant) throws(E) -> [NodeEffect]
    ) async throws(E) {
        let result: Result<Void, E>
        do throws(RingStoppedError) {
            result = try await runtime.performWhenRoom { core, now, effects -> RingRequestOutcome<Result<Void, E>> in
                do throws(E) {
                    effects += try body(&core, now)
                    return .answer(.success(()))
                } catch {
                    return isFull(error) ? .retryLater : .answer(.failure(error))
                }
            }
        } catch {
            throw stopped
        }
        try result.get()
    }

    /// The IPC view of the ring: nodelist, membership, SRP counters.
    public func ringStatusInfo() -> RingStatusInfo {
        RingStatusReport.make(status: runtime.status, configuration: configuration)
    }

    /// The IPC view of the quorum, as tools show it: the last completed configuration with its
    /// quorate flag and current votes (``nodeStatus``), with nodelist names.
    public func quorumStatusInfo() -> QuorumStatusInfo {
        QuorumStatusReport.make(status: nodeStatus, nodeID: nodeID, configuration: configuration)
    }

    /// `corosync-quorumtool -e N`: votequorum checks the value and multicasts its RECONFIGURE;
    /// returns once it is queued (every node, this one included, applies it when delivered).
    /// - Throws: ``QuorumRequestError/refused(_:)`` when votequorum refuses the value,
    ///   ``QuorumRequestError/noVoteQuorum`` without votequorum.
    public func setExpectedVotes(_ expected: UInt32) async throws(QuorumRequestError) {
        try await request(stopped: .ringUnavailable("the node is not running")) {
            core, now throws(QuorumRequestError) in
            try core.setExpectedVotes(expected, now: now)
        }
    }

    /// `corosync-quorumtool [-n N] -v V`: as ``setExpectedVotes(_:)`` for node `node`'s votes
    /// (node 0 is the quorum device).
    public func setVotes(_ votes: UInt32, of node: NodeID) async throws(QuorumRequestError) {
        try await request(stopped: .ringUnavailable("the node is not running")) {
            core, now throws(QuorumRequestError) in
            try core.setVotes(votes, of: node, now: now)
        }
    }

    /// Cancels wait_for_all on every node (corosync's `quorum.cancel_wait_for_all`): multicasts
    /// RECONFIGURE(CANCEL_WFA); it applies when the ring delivers it.
    public func cancelWaitForAll() async throws(QuorumRequestError) {
        try await request(stopped: .ringUnavailable("the node is not running")) {
            core, now throws(QuorumRequestError) in
            try core.cancelWaitForAll(now: now)
        }
    }
}
