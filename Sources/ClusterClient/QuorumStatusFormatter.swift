import ClusterIPC
import CorosyncFormat
import Glibc
import Totem
import VoteQuorum

/// Renders ``QuorumStatusInfo`` as `corosync-quorumtool` 3.1.7 prints it (`-s`, `-l`, with
/// `-H`, `-p`, `-i`; tools-and-config.md §4), through CorosyncFormat's ``QuorumToolFormatter``,
/// and as stable JSON for scripts.
///
/// ```swift
/// let info = try TotemdClient(runDirectory: dir).quorumStatus()
/// print(QuorumStatusFormatter().status(info, date: QuorumStatusFormatter.currentDate()), terminator: "")
/// exit(QuorumStatusFormatter.exitStatus(info))
/// ```
public struct QuorumStatusFormatter: Sendable {
    /// `-H`: node ids as `0x%08x`.
    public var hexNodeIDs: Bool
    /// `-p`: always show the `Qdevice` column.
    public var machineParsable: Bool
    /// `-i`: ring0 addresses instead of nodelist names.
    public var addresses: Bool

    /// Creates a formatter with quorumtool's defaults (decimal ids, names, no `Qdevice` column).
    public init(hexNodeIDs: Bool = false, machineParsable: Bool = false, addresses: Bool = false) {
        self.hexNodeIDs = hexNodeIDs
        self.machineParsable = machineParsable
        self.addresses = addresses
    }

    /// `corosync-quorumtool -s`. With votequorum: the three blocks of §4.2. Without it, the
    /// quorum block only, ending at `Quorate:`, with the ring sequence alone as the ring id.
    public func status(_ info: QuorumStatusInfo, date: String) -> String {
        guard info.voteQuorum else {
            var out = "Quorum information\n------------------\n"
            out += "Date:             \(date)\n"
            out += "Quorum provider:  \(info.provider.isEmpty ? "Not configured" : info.provider)\n"
            out += "Nodes:            \(info.members.count)\n"
            out += "Node ID:          \(formatID(info.localNodeID))\n"
            out += "Ring ID:          \(String(info.ringSeq, radix: 16))\n"
            out += "Quorate:          \(info.quorate ? "Yes" : "No")\n"
            return out
        }
        return tool(provider: info.provider).status(Self.quorumState(info), date: date, names: names(info))
    }

    /// `corosync-quorumtool -l`: the membership table (it starts with an empty line); without
    /// votequorum there is no `Votes` column.
    public func list(_ info: QuorumStatusInfo) -> String {
        guard info.voteQuorum else {
            var out = "\nMembership information\n----------------------\n"
            out += Self.padded("Nodeid") + "Name\n"
            for member in info.members {
                out += (hexNodeIDs ? formatID(member.nodeID) + " " : Self.padded(String(member.nodeID)))
                out += name(of: member) + (member.nodeID == info.localNodeID ? " (local)" : "") + "\n"
            }
            return out
        }
        return tool(provider: info.provider).list(Self.quorumState(info), names: names(info))
    }

    /// quorumtool's exit status for `-s`: 0 quorate, 2 not quorate.
    public static func exitStatus(_ info: QuorumStatusInfo) -> Int32 { info.quorate ? 0 : 2 }

    /// The name column for each member: the nodelist name (else the address), or with `-i`
    /// the address.
    public func names(_ info: QuorumStatusInfo) -> [NodeID: String] {
        Dictionary(info.members.map { (NodeID($0.nodeID), name(of: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The reply as VoteQuorum's ``QuorumState`` (members without votequorum information get
    /// nil votes, so the table prints `Unable to get node <id> info` for them as corosync does).
    public static func quorumState(_ info: QuorumStatusInfo) -> QuorumState {
        let members = info.members.map { member in
            member.known
                ? MemberVotes(
                    nodeID: NodeID(member.nodeID), votes: member.votes, expectedVotes: member.expectedVotes,
                    state: NodeState(rawValue: UInt32(member.state)),
                    deviceFlags: QuorumInfoFlags(rawValue: member.deviceFlags))
                : MemberVotes(nodeID: NodeID(member.nodeID), votes: nil)
        }
        let local = info.members.first { $0.nodeID == info.localNodeID }
        return QuorumState(
            quorate: info.quorate, nodeID: NodeID(info.localNodeID),
            ringID: RingID(rep: NodeID(info.ringRep), seq: info.ringSeq), votes: local?.votes ?? 0,
            expectedVotes: info.expectedVotes, highestExpected: info.highestExpected, totalVotes: info.totalVotes,
            quorum: info.quorum, flags: QuorumInfoFlags(rawValue: info.flags), members: members,
            waitForAllPending: info.waitForAllPending, deviceVotes: info.deviceVotes, deviceName: info.deviceName)
    }

    /// The current local time in C's `ctime` layout without the newline (`Sun Nov 22 02:51:27 2026`),
    /// as quorumtool's `Date:` line.
    public static func currentDate() -> String {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return CTime.string(epochSeconds: Int64(now)) }
        return CTime.string(epochSeconds: Int64(now), utcOffsetSeconds: Int64(local.tm_gmtoff))
    }

    private func tool(provider: String) -> QuorumToolFormatter {
        QuorumToolFormatter(hexNodeIDs: hexNodeIDs, machineParsable: machineParsable, provider: provider)
    }

    private func name(of member: QuorumMemberEntry) -> String {
        addresses && !member.address.isEmpty ? member.address : member.displayName
    }

    private func formatID(_ id: UInt32) -> String {
        guard hexNodeIDs else { return String(id) }
        let hex = String(id, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    /// quorumtool's `print_string_padded`: right-aligned to 10 characters, then one space.
    static func padded(_ text: String) -> String {
        String(repeating: " ", count: max(0, 10 - text.utf8.count)) + text + " "
    }
}
