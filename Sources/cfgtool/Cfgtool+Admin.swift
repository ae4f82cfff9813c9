import ClusterClient
import ClusterIPC

extension Cfgtool {
    /// The reason `-k` sends, corosync-cfgtool's own words so that the killed node's log reads
    /// the same whichever tool killed it.
    static let killReason = "Killed by corosync-cfgtool"

    /// `-k NODEID`, with corosync-cfgtool's words: `Killing node N` on stdout, then nothing on
    /// success; `Could not kill node (error = CS_ERR_…)` on stderr and exit 1 when refused (a
    /// node outside the ring: `CS_ERR_NOT_EXIST`); `The nodeid was not valid, try a positive
    /// number` and exit 1 for an id outside 1...4294967295.
    func killNode(_ argument: String) -> Int32 {
        guard let nodeID = Self.parseNodeID(argument) else {
            Cfgtool.writeError("The nodeid was not valid, try a positive number")
            return 1
        }
        print("Killing node \(nodeID)")
        do throws(TotemdClientError) {
            try TotemdClient(runDirectory: runDirectory).killNode(nodeID, reason: Self.killReason)
            return 0
        } catch {
            if error.isConnectFailure {
                Cfgtool.writeError(CfgtoolFormatter.initializeError(error))
            } else {
                Cfgtool.writeError("Could not kill node (error = \(error.status.name))")
            }
            return 1
        }
    }

    /// `-H [--force]`, with corosync-cfgtool's words: `Shutting down corosync` on stdout; a
    /// refusal prints `Could not shutdown (error = N)` on stderr and still exits 0, as
    /// corosync-cfgtool 3.1.7 does; an unreachable daemon exits 1.
    func shutdownDaemon() -> Int32 {
        let client = TotemdClient(runDirectory: runDirectory)
        print("Shutting down corosync")
        do throws(TotemdClientError) {
            try client.shutdown(force ? .regardless : .request)
        } catch {
            if error.isConnectFailure {
                Cfgtool.writeError(CfgtoolFormatter.initializeError(error))
                return 1
            }
            Cfgtool.writeError("Could not shutdown (error = \(error.status.rawValue))")
        }
        return 0
    }

    /// `-L` (`--reopen`), as corosync-cfgtool: nothing printed and exit 0 once totemd reopened
    /// its log files; `Could not reopen corosync logging files. Error CS_ERR_…` on stderr (and
    /// the reason) with that error's number as the exit status when it could not; an
    /// unreachable daemon prints the initialize error in its symbolic form (`… error
    /// CS_ERR_LIBRARY`), exit 1.
    func reopenLogFiles() -> Int32 {
        callReportingFailure(.reopenLogFiles, failure: "Could not reopen corosync logging files")
    }

    /// A node id as corosync's `util_strtonum(arg, 1, UINT_MAX)` accepts it: a whole decimal
    /// number (leading blanks and a sign allowed) from 1 to 4294967295.
    static func parseNodeID(_ argument: String) -> UInt32? {
        let text = argument.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let value = Int64(text), (1...Int64(UInt32.max)).contains(value) else { return nil }
        return UInt32(value)
    }
}
