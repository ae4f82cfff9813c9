import ClusterIPC
import CorosyncFormat
import VoteQuorum

extension QuorumStatusFormatter {
    /// `quorumtool -s --json`: one object with stable keys (see `Docs/IPC.md`), newline-terminated.
    /// votequorum's figures are `null` when the provider is not votequorum.
    public func statusJSON(_ info: QuorumStatusInfo) -> String {
        var object = JSONWriter()
        object.field("provider", .string(info.provider))
        object.field("voteQuorum", .bool(info.voteQuorum))
        object.field("localNodeID", .number(String(info.localNodeID)))
        object.field("ringID", .string(info.ringID))
        object.field("nodes", .number(String(info.members.count)))
        object.field("quorate", .bool(info.quorate))
        let figures: [(String, UInt32)] = [
            ("expectedVotes", info.expectedVotes), ("highestExpected", info.highestExpected),
            ("totalVotes", info.totalVotes), ("quorum", info.quorum),
        ]
        for (key, value) in figures { object.field(key, info.voteQuorum ? .number(String(value)) : .raw("null")) }
        let words = QuorumToolFormatter().flagWords(QuorumInfoFlags(rawValue: info.flags)).split(separator: " ")
        object.field("flags", .raw("[" + words.map { JSONWriter.quoted(String($0)) }.joined(separator: ",") + "]"))
        object.field("waitForAllPending", .bool(info.waitForAllPending))
        object.field("members", .raw(membersJSON(info)))
        return object.object + "\n"
    }

    /// `quorumtool -l --json`: `{"localNodeID":N,"members":[...]}`, newline-terminated.
    public func listJSON(_ info: QuorumStatusInfo) -> String {
        var object = JSONWriter()
        object.field("localNodeID", .number(String(info.localNodeID)))
        object.field("members", .raw(membersJSON(info)))
        return object.object + "\n"
    }

    /// One object per member: `nodeID`, `votes`, `expectedVotes`, `state` (null when votequorum
    /// has no information about the node), `name`, `address`, `local`.
    private func membersJSON(_ info: QuorumStatusInfo) -> String {
        let states = [1: "member", 2: "dead", 3: "leaving"]
        let entries = info.members.map { member in
            var entry = JSONWriter()
            entry.field("nodeID", .number(String(member.nodeID)))
            entry.field("votes", member.known ? .number(String(member.votes)) : .raw("null"))
            entry.field("expectedVotes", member.known ? .number(String(member.expectedVotes)) : .raw("null"))
            entry.field("state", states[Int(member.state)].map { .string($0) } ?? .raw("null"))
            entry.field("name", .string(member.name))
            entry.field("address", .string(member.address))
            entry.field("local", .bool(member.nodeID == info.localNodeID))
            return entry.object
        }
        return "[" + entries.joined(separator: ",") + "]"
    }
}
