import ClusterClient
import ClusterIPC
import Glibc

/// `quorumtool -m`: tracks the quorum and prints the `-s` status followed by an empty line (or,
/// with `--json`, one JSON object per line), at once and again on every change, flushing
/// stdout each time so that a pipe sees it, until interrupted or the daemon goes away.
struct QuorumMonitor {
    let client: TotemdClient
    let formatter: QuorumStatusFormatter
    let json: Bool

    /// Runs until totemd goes away (then 1); SIGINT, SIGTERM and SIGHUP end the process (they
    /// are unblocked first: a parent may have spawned us with every signal blocked).
    func run() -> Int32 {
        var interrupts = sigset_t()
        sigemptyset(&interrupts)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&interrupts, signal) }
        sigprocmask(SIG_UNBLOCK, &interrupts, nil)
        let track: QuorumTrack
        do throws(TotemdClientError) {
            track = try client.trackQuorum(.changes)
        } catch {
            return Quorumtool.fail(QuorumtoolMessages.trackFailed(error))
        }
        while true {
            do throws(TotemdClientError) {
                guard let status = try track.next() else { continue }
                // Text: the -s layout and an empty line, as corosync-quorumtool -m; JSON: one line each.
                print(json ? formatter.statusJSON(status) : formatter.status(status, date: QuorumStatusFormatter.currentDate()) + "\n", terminator: "")
                fflush(nil)  // every stream: stdout is block-buffered on a pipe
            } catch {
                return Quorumtool.fail(QuorumtoolMessages.dispatchFailed(error))
            }
        }
    }
}
