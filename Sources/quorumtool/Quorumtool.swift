import ArgumentParser
import ClusterClient
import ClusterIPC
import Glibc

/// `quorumtool`: totemd's `corosync-quorumtool` (quorum status, membership, expected votes and
/// node votes).
///
/// Exit status as corosync-quorumtool: `-s` 0 quorate, 2 not quorate, 1 on error; `-l`, `-e`,
/// `-v`, `--cancel-wait-for-all` 0 or 1; `-m` runs until interrupted (1 on error); 1 for a bad
/// option or value.
@main
struct Quorumtool: OperatorTool {
    static let configuration = CommandConfiguration(
        commandName: "quorumtool",
        abstract: "Display and configure quorum (votequorum) within totemd.",
        discussion: "-e, -v, -m and --cancel-wait-for-all only work if votequorum is the quorum provider.")

    @Flag(name: .customShort("s"), help: "Show quorum status (the default).")
    var status = false

    @Flag(name: .customShort("l"), help: "List nodes.")
    var list = false

    @Flag(name: .customShort("m"), help: "Constantly monitor quorum status (print it again on every change).")
    var monitor = false

    @Flag(name: .customLong("cancel-wait-for-all"), help: "Stop waiting for all nodes (wait_for_all) on every node now.")
    var cancelWaitForAll = false

    @Option(name: .customShort("e"), parsing: .unconditional, help: ArgumentHelp("Change expected votes for the cluster.", valueName: "expected"))
    var expected: String?

    @Option(name: .customShort("v"), parsing: .unconditional, help: ArgumentHelp("Change the number of votes for a node.", valueName: "votes"))
    var votes: String?

    @Option(name: .customShort("n"), parsing: .unconditional, help: ArgumentHelp("Node id for -v (default: the local node).", valueName: "nodeid"))
    var nodeID: String?

    @Flag(name: .customShort("H"), help: "Show node ids in hexadecimal rather than decimal.")
    var hex = false

    @Flag(name: .customShort("i"), help: "Show node IP addresses instead of the nodelist names.")
    var addresses = false

    @Flag(name: .customShort("p"), help: "With -s or -l, machine parsable output (the Qdevice column).")
    var parsable = false

    @Flag(name: .customLong("json"), help: "Print -s or -l as one JSON object (for scripts).")
    var json = false

    @Option(name: .customLong("run-dir"), help: ArgumentHelp("totemd's run directory (its IPC socket is <dir>/totemd.sock).", valueName: "dir"))
    var runDirectory = IPCProtocol.defaultRunDirectory


    /// Validates the numbers, calls totemd and prints; returns the exit status.
    func execute() -> Int32 {
        let command: QuorumtoolCommand
        do throws(QuorumtoolUsageError) {
            command = try QuorumtoolCommand.make(
                list: list, expected: expected, votes: votes, nodeID: nodeID, monitor: monitor, cancelWaitForAll: cancelWaitForAll,
                last: ShortOptionOrder.last(
                    of: ["s", "l", "m", "e", "v"], valued: ["e", "v", "n", "o"], in: Array(CommandLine.arguments.dropFirst())))
        } catch {
            Quorumtool.writeError(error.message)
            return 1
        }
        let client = TotemdClient(runDirectory: runDirectory)
        let formatter = QuorumStatusFormatter(hexNodeIDs: hex, machineParsable: parsable, addresses: addresses)
        let info: QuorumStatusInfo
        do throws(TotemdClientError) {
            info = try client.quorumStatus()
        } catch {
            Quorumtool.writeError(QuorumtoolMessages.statusFailed(error))
            return 1
        }
        switch command {
        case .status:
            print(json ? formatter.statusJSON(info) : formatter.status(info, date: QuorumStatusFormatter.currentDate()), terminator: "")
            return QuorumStatusFormatter.exitStatus(info)
        case .list:
            print(json ? formatter.listJSON(info) : formatter.list(info), terminator: "")
            return 0
        case .setExpectedVotes(let value):
            guard info.voteQuorum else { return Quorumtool.fail(QuorumtoolMessages.expectedVotesWithoutVoteQuorum) }
            do throws(TotemdClientError) {
                try client.setExpectedVotes(value)
                return 0
            } catch {
                return Quorumtool.fail(QuorumtoolMessages.setExpectedVotesFailed(error))
            }
        case .monitor:
            guard info.voteQuorum else {
                print(QuorumtoolMessages.monitorWithoutQuorum, terminator: "")
                print(json ? formatter.statusJSON(info) : formatter.status(info, date: QuorumStatusFormatter.currentDate()), terminator: "")
                return QuorumStatusFormatter.exitStatus(info)
            }
            return QuorumMonitor(client: client, formatter: formatter, json: json).run()
        case .cancelWaitForAll:
            guard info.voteQuorum else { return Quorumtool.fail(QuorumtoolMessages.cancelWithoutVoteQuorum) }
            do throws(TotemdClientError) {
                try client.cancelWaitForAll()
                return 0
            } catch {
                return Quorumtool.fail(QuorumtoolMessages.cancelWaitForAllFailed(error))
            }
        case .setVotes(let value, let node):
            guard info.voteQuorum else { return Quorumtool.fail(QuorumtoolMessages.votesWithoutVoteQuorum) }
            let target = node ?? info.localNodeID
            do throws(TotemdClientError) {
                try client.setVotes(value, of: target)
                return 0
            } catch {
                return Quorumtool.fail(QuorumtoolMessages.setVotesFailed(error, votes: value, nodeID: target))
            }
        }
    }

    static func fail(_ message: String) -> Int32 {
        writeError(message)
        return 1
    }

}
