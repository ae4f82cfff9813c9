import ClusterIPC
import Foundation
import Synchronization
import Totem

/// `--watch`: once a second, one line per queried node on stderr with its state, ring, members
/// and the SRP counters that tell a stuck ring from a working one (tokens received and sent,
/// messages received, drops, token losses, consensus timeouts), to see what an attack does
/// while it runs and while the ring recovers.
final class Watcher: Sendable {
    private let stopped = Atomic<Bool>(false)

    /// Starts printing on a thread of its own.
    init(probe: RingProbe) {
        Thread.detachNewThread { [self] in
            while !self.stopped.load(ordering: .relaxed) {
                let time = WallClock.now()
                for (id, status) in probe.read().statuses.sorted(by: { $0.key < $1.key }) {
                    Report.progress("watch \(time) node \(id): " + Self.describe(status))
                }
                for _ in 0..<100 where !self.stopped.load(ordering: .relaxed) { usleep(10_000) }
            }
        }
    }

    /// Stops printing (after the current round).
    func stop() { stopped.store(true, ordering: .relaxed) }

    private static let keys = [
        "orf_token_rx", "orf_token_tx", "mcast_rx", "rx_msg_dropped", "operational_token_lost",
        "gather_token_lost", "consensus_timeouts", "token_retransmits",
    ]

    private static func describe(_ status: Result<RingStatusInfo, some Error>) -> String {
        guard case .success(let info) = status else {
            if case .failure(let error) = status { return "\(error)" }
            return ""
        }
        var values: [String: UInt64] = [:]
        for statistic in info.statistics {
            if case .uint64(let value) = statistic.value { values[statistic.key] = value }
        }
        let counters = keys.map { "\($0)=\(values["stats.srp." + $0] ?? 0)" }.joined(separator: " ")
        let members = info.members.map(String.init).joined(separator: ",")
        return "\(info.state.name) ring \(info.ringID) members \(members) \(counters)"
    }
}
