/// One member of the current membership as the quorum status reports it: votequorum's view of
/// the node (when it has one) and the names a tool prints for it.
///
/// Encoding: `u32 nodeid | bool known | u32 votes | u32 expected votes | u8 state |
/// u32 device flags | string name | string address`.
public struct QuorumMemberEntry: Hashable, Sendable {
    /// The member's node id.
    public var nodeID: UInt32
    /// False when votequorum never processed a NODEINFO about the node (or votequorum is not the
    /// provider): `votes`, `expectedVotes` and `state` are then 0, and quorumtool prints
    /// `Unable to get node <id> info`.
    public var known: Bool
    /// Its votes.
    public var votes: UInt32
    /// Its expected votes as this node accounts them.
    public var expectedVotes: UInt32
    /// Its state in votequorum's node table: 0 unknown, 1 member, 2 dead, 3 leaving
    /// (`VOTEQUORUM_NODESTATE_*`).
    public var state: UInt8
    /// Its quorum device bits (`VOTEQUORUM_INFO_QDEVICE_*`), for the `Qdevice` column.
    public var deviceFlags: UInt32
    /// The nodelist `name` ("" when the node has none).
    public var name: String
    /// The node's ring0 address ("" when it is not in the nodelist).
    public var address: String

    /// Creates an entry.
    public init(
        nodeID: UInt32, known: Bool, votes: UInt32, expectedVotes: UInt32, state: UInt8, deviceFlags: UInt32,
        name: String, address: String
    ) {
        self.nodeID = nodeID
        self.known = known
        self.votes = votes
        self.expectedVotes = expectedVotes
        self.state = state
        self.deviceFlags = deviceFlags
        self.name = name
        self.address = address
    }

    /// The name `corosync-quorumtool` shows: the nodelist name, else the address.
    public var displayName: String { name.isEmpty ? address : name }

    /// The largest state code (leaving).
    static let maximumState: UInt8 = 3

    /// The smallest encoding (empty strings).
    static let minimumSize = 4 + 1 + 4 + 4 + 1 + 4 + 4 + 4

    func encode(_ writer: inout IPCWriter) {
        writer.u32(nodeID)
        writer.bool(known)
        writer.u32(votes)
        writer.u32(expectedVotes)
        writer.u8(state)
        writer.u32(deviceFlags)
        writer.string(name)
        writer.string(address)
    }

    static func decode(_ reader: inout IPCReader) throws(IPCError) -> QuorumMemberEntry {
        let nodeID = try reader.u32("member.nodeid")
        let known = try reader.bool("member.known")
        let votes = try reader.u32("member.votes")
        let expected = try reader.u32("member.expectedVotes")
        let state = try reader.u8("member.state")
        guard state <= maximumState else { throw .invalidValue(field: "member.state", value: UInt64(state)) }
        return QuorumMemberEntry(
            nodeID: nodeID, known: known, votes: votes, expectedVotes: expected, state: state,
            deviceFlags: try reader.u32("member.deviceFlags"), name: try reader.string("member.name"),
            address: try reader.string("member.address"))
    }
}
