import Totem
import VoteQuorum

/// Renders a ``QuorumState`` exactly as `corosync-quorumtool` 3.1.7 prints it (`-s`, `-l`,
/// with `-H` and `-p`), so operators' scripts keep working.
///
/// ```
/// Quorum information
/// ------------------
/// Date:             Sun Nov 22 02:51:27 2026
/// ...
/// Quorum:           1  
/// Flags:            2Node Quorate WaitForAll 
///
/// Membership information
/// ----------------------
///     Nodeid      Votes Name
///          1          1 node1 (local)
/// ```
/// Columns are right-aligned to 10 characters plus one space; `Quorum:` is followed by one
/// space and either a space (quorate) or `Activity blocked`; every flag is followed by a space.
public struct QuorumToolFormatter: Sendable {
    /// `-H`: node ids as `0x%08x`.
    public var hexNodeIDs: Bool
    /// `-p`: always show the `Qdevice` column.
    public var machineParsable: Bool
    /// The `Quorum provider:` value (`quorum.provider`, or `Not configured`).
    public var provider: String

    /// Creates a formatter with quorumtool's defaults.
    public init(hexNodeIDs: Bool = false, machineParsable: Bool = false, provider: String = "corosync_votequorum") {
        self.hexNodeIDs = hexNodeIDs
        self.machineParsable = machineParsable
        self.provider = provider
    }

    /// `corosync-quorumtool -s`: `date` is the ctime-style local date without newline (see
    /// ``CTime``), `names` maps node ids to the nodelist name or address shown in `Name`.
    public func status(_ state: QuorumState, date: String, names: [NodeID: String]) -> String {
        var out = "Quorum information\n------------------\n"
        out += "Date:             \(date)\n"
        out += "Quorum provider:  \(provider)\n"
        out += "Nodes:            \(state.members.count)\n"
        out += "Node ID:          \(formatID(state.nodeID))\n"
        out += "Ring ID:          \(state.ringID)\n"
        out += "Quorate:          \(state.quorate ? "Yes" : "No")\n"
        out += "\nVotequorum information\n----------------------\n"
        out += "Expected votes:   \(state.expectedVotes)\n"
        out += "Highest expected: \(state.highestExpected)\n"
        out += "Total votes:      \(state.totalVotes)\n"
        out += "Quorum:           \(state.quorum) \(state.flags.contains(.quorate) ? " " : "Activity blocked")\n"
        out += "Flags:            " + flagWords(state.flags) + "\n"
        out += list(state, names: names)
        return out
    }

    /// `corosync-quorumtool -l`: the membership table (it starts with an empty line).
    public func list(_ state: QuorumState, names: [NodeID: String]) -> String {
        var out = ""
        var showDevice = false
        for member in state.members {
            if member.votes == nil { out += "Unable to get node \(member.nodeID) info\n" }
            if member.deviceFlags.contains(.qdeviceRegistered) { showDevice = true }
        }
        out += "\nMembership information\n----------------------\n"
        out += padded("Nodeid") + padded("Votes")
        if showDevice || machineParsable { out += padded("Qdevice") }
        out += "Name\n"
        var ourDeviceFlags = QuorumInfoFlags()
        for member in state.members {
            out += hexNodeIDs ? formatID(member.nodeID) + " " : padded(String(member.nodeID.rawValue))
            out += padded(String(member.votes ?? 0))
            if showDevice || machineParsable { out += padded(deviceColumn(member.deviceFlags)) }
            out += names[member.nodeID] ?? ""
            if member.nodeID == state.nodeID {
                out += " (local)"
                ourDeviceFlags = member.deviceFlags
            }
            out += "\n"
        }
        if showDevice {
            out += hexNodeIDs ? formatID(NodeID(0)) + " " : padded("0")
            let casting = ourDeviceFlags.contains(.qdeviceCastVote)
            out += padded(String(casting ? state.deviceVotes : 0))
            out += "           \(state.deviceName)"
            out += casting ? "\n" : " (votes \(state.deviceVotes))\n"
        }
        return out
    }

    /// The words of the `Flags:` line, each followed by a space, in quorumtool's order.
    public func flagWords(_ flags: QuorumInfoFlags) -> String {
        let words: [(QuorumInfoFlags, String)] = [
            (.twoNode, "2Node"), (.quorate, "Quorate"), (.waitForAll, "WaitForAll"),
            (.lastManStanding, "LastManStanding"), (.autoTieBreaker, "AutoTieBreaker"),
            (.allowDownscale, "AllowDownscale"), (.qdeviceRegistered, "Qdevice"),
        ]
        return words.filter { flags.contains($0.0) }.map { $0.1 + " " }.joined()
    }

    /// quorumtool's `print_string_padded`: right-aligned to 10 characters, then one space.
    func padded(_ text: String) -> String {
        String(repeating: " ", count: max(0, 10 - text.utf8.count)) + text + " "
    }

    /// A node id in decimal or `0x%08x`.
    func formatID(_ id: NodeID) -> String {
        guard hexNodeIDs else { return String(id.rawValue) }
        let hex = String(id.rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    /// The `Qdevice` column: `NR` when not registered, else `A|NA,V|NV,MW|NMW`.
    func deviceColumn(_ flags: QuorumInfoFlags) -> String {
        guard flags.contains(.qdeviceRegistered) else { return "NR" }
        return (flags.contains(.qdeviceAlive) ? "A" : "NA") + "," + (flags.contains(.qdeviceCastVote) ? "V" : "NV")
            + "," + (flags.contains(.qdeviceMasterWins) ? "MW" : "NMW")
    }
}
