import ClusterClient
import ClusterIPC
import Glibc

/// `quorumtool -m`: tracks the quorum and prints the `-s` status (or, with `--json`, one JSON
/// object per line) followed by an empty line, at once and again on every change, flushing
/// stdout each time so that a pipe sees it, until interrupted or the daemon goes away.
struct QuorumMonitor {
    let client: TotemdClient
    let formatter: QuorumStatusFormatter
    let json: Bool

    /// Runs until totemd goes away (then 1); SIGINT/SIGTERM end the process as usual.
    func run() -> Int32 {
        let track: QuorumTrack
        do throws(TotemdClientError) {
            track = try client.trackQuorum(.changes)
        } catch {
            return Quorumtool.fail(QuorumtoolMessages.trackFailed(error))
        }
        while true {
            do throws(TotemdClientError) {
                guard let status = try track.next() else { continue }
                print(json ? formatter.statusJSON(status) : formatter.status(status, date: QuorumStatusFormatter.currentDate()), terminator: "")
                print("")
                fflush(nil)  // every stream: stdout is block-buffered on a pipe
            } catch {
                return Quorumtool.fail(QuorumtoolMessages.dispatchFailed(error))
            }
        }
    }
}
