import NodeCore
import Totem

/// A full-stack node serves the simulator's local clients through its public request API,
/// exactly as the daemon's IPC layer calls it.
extension NodeCore {
    /// True.
    public static var servesClients: Bool { true }

    /// Calls the matching request of ``NodeCore`` and maps its error to a ``ClientRefusal``.
    public mutating func request(_ request: ClientRequest, now: Instant) throws(ClientRefusal) -> [NodeEffect] {
        do {
            switch request {
            case .cpgJoin(let group, let pid): return try cpgJoin(group: try CPGGroupName(group), pid: pid, now: now)
            case .cpgLeave(let group, let pid): return try cpgLeave(group: try CPGGroupName(group), pid: pid, now: now)
            case .cpgMulticast(let group, let pid, let payload):
                return try cpgMulticast(group: try CPGGroupName(group), pid: pid, payload: payload, now: now)
            case .setExpectedVotes(let votes): return try setExpectedVotes(votes, now: now)
            case .setVotes(let votes, let node): return try setVotes(votes, of: node, now: now)
            case .killNode(let node, let reason): return try killNode(node, reason: reason, now: now)
            case .shutdown(let fallback): return try requestShutdown(fallback: fallback, now: now)
            }
        } catch let error as CPGError {
            switch error {
            case .tryAgain: throw .tryAgain
            case .busy: throw .busy
            case .notJoined: throw .notJoined
            case .alreadyJoined: throw .alreadyJoined
            default: throw .refused("\(error)")
            }
        } catch {
            throw .refused("\(error)")
        }
    }
}
