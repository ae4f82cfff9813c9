import CMap
import ClusterClient
import ClusterIPC
import Foundation
import Totem

/// Asks the queried nodes (their run directories) about the ring through IPC, with short
/// timeouts: whether the ring is whole, its id, its counters, and the totally ordered reload.
struct RingProbe: Sendable {
    /// The attacked ring.
    let ring: FuzzRing
    /// How long one IPC call may take.
    var callTimeout: Duration = .milliseconds(500)

    /// What the nodes say right now.
    struct Reading {
        /// Each queried node's status, or why it gave none.
        var statuses: [NodeID: Result<RingStatusInfo, TotemdClientError>]

        /// True when every queried node is running, operational, in the same ring, with every
        /// nodelist node as a member.
        func isWhole(members: [UInt32]) -> Bool {
            let infos = statuses.values.compactMap { try? $0.get() }
            guard infos.count == statuses.count, let first = infos.first else { return false }
            return infos.allSatisfy {
                $0.running && $0.state == .operational && $0.members == members
                    && $0.ringRep == first.ringRep && $0.ringSeq == first.ringSeq
            }
        }

        /// The newest ring id any node reports.
        var newestRingID: RingID? {
            statuses.values.compactMap { try? $0.get() }.map { RingID(rep: NodeID($0.ringRep), seq: $0.ringSeq) }
                .max { $0.seq < $1.seq }
        }

        /// One line per node: state, ring and members, or the error.
        var summary: String {
            statuses.keys.sorted().map { id in
                switch statuses[id]! {
                case .success(let info):
                    let members = info.members.map(String.init).joined(separator: ",")
                    return "node \(id): \(info.state.name) ring \(info.ringID) members \(members)"
                case .failure(let error):
                    return "node \(id): \(error)"
                }
            }.joined(separator: "; ")
        }
    }

    /// Every queried node's status.
    func read() -> Reading {
        var statuses: [NodeID: Result<RingStatusInfo, TotemdClientError>] = [:]
        for (id, directory) in ring.runDirectories {
            let client = TotemdClient(runDirectory: directory, timeout: callTimeout)
            do throws(TotemdClientError) {
                statuses[id] = .success(try client.ringStatus())
            } catch {
                statuses[id] = .failure(error)
            }
        }
        return Reading(statuses: statuses)
    }

    /// The `stats.srp.*` counters of every node that answers, summed by key (without the prefix).
    func counters() -> [String: UInt64] {
        var sums: [String: UInt64] = [:]
        for reading in read().statuses.values {
            guard case .success(let info) = reading else { continue }
            for statistic in info.statistics {
                let prefix = "stats.srp."
                guard case .uint64(let value) = statistic.value, statistic.key.hasPrefix(prefix) else { continue }
                sums[String(statistic.key.dropFirst(prefix.count)), default: 0] += value
            }
        }
        return sums
    }

    /// Polls every 50 ms until the ring is whole or `deadline` passes; returns the last reading
    /// and whether it was whole.
    func waitWhole(until deadline: ContinuousClock.Instant) -> (whole: Bool, reading: Reading) {
        let members = ring.ids.map(\.rawValue)
        while true {
            let reading = read()
            if reading.isWhole(members: members) { return (true, reading) }
            if ContinuousClock.now >= deadline { return (false, reading) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Sends the configuration reload (what `cfgtool -R` sends: a totally ordered message every
    /// node must deliver) through the first queried node, retrying until it succeeds or
    /// `deadline` passes; returns nil on success, else the last error.
    func reload(until deadline: ContinuousClock.Instant) -> TotemdClientError? {
        guard let directory = ring.runDirectories.keys.min().flatMap({ ring.runDirectories[$0] }) else {
            return .notRunning(socketPath: "(no --run-dir)")
        }
        while true {
            let remaining = max(deadline - ContinuousClock.now, .milliseconds(500))
            do throws(TotemdClientError) {
                _ = try TotemdClient(runDirectory: directory, timeout: remaining).call(.reloadConfig)
                return nil
            } catch {
                if ContinuousClock.now >= deadline { return error }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }
}
