/// What GETINFO answers about one node (`res_lib_votequorum_getinfo`).
public struct VoteQuorumLibInfo: Hashable, Sendable {
    /// The node.
    public var nodeID: UInt32
    /// `VOTEQUORUM_NODESTATE_*`: 1 member, 2 dead, 3 leaving.
    public var state: UInt32
    /// Its votes.
    public var votes: UInt32
    /// Its expected votes.
    public var expectedVotes: UInt32
    /// The highest expected votes over the members.
    public var highestExpected: UInt32
    /// Σ votes of the members.
    public var totalVotes: UInt32
    /// Votes needed for quorum.
    public var quorum: UInt32
    /// `VOTEQUORUM_INFO_*` bits.
    public var flags: UInt32
    /// The quorum device's votes.
    public var deviceVotes: UInt32
    /// The quorum device's name ("" without one).
    public var deviceName: String

    /// An info.
    public init(
        nodeID: UInt32, state: UInt32, votes: UInt32, expectedVotes: UInt32, highestExpected: UInt32,
        totalVotes: UInt32, quorum: UInt32, flags: UInt32, deviceVotes: UInt32, deviceName: String
    ) {
        self.nodeID = nodeID
        self.state = state
        self.votes = votes
        self.expectedVotes = expectedVotes
        self.highestExpected = highestExpected
        self.totalVotes = totalVotes
        self.quorum = quorum
        self.flags = flags
        self.deviceVotes = deviceVotes
        self.deviceName = deviceName
    }
}

/// libvotequorum's responses and events (`res_lib_votequorum_*`).
///
/// - STATUS (id 0; SETEXPECTED, SETVOTES, TRACK*, QDEVICE_*): the bare header, 24 bytes.
/// - GETINFO (id 1), 320 bytes: u32 nodeid @24, state @28, votes @32, expected @36,
///   highest_expected @40, total_votes @44, quorum @48, flags @52, qdevice_votes @56,
///   qdevice_name[255] @60.
/// - QUORUM_NOTIFICATION (event, id 3), 48 + 8n: u32 quorate @24, u64 context @32,
///   u32 entries @40, {u32 nodeid, u32 state} from @48.
/// - NODELIST_NOTIFICATION (event, id 5), 56 + 4n: u64 context @24, ring id {u32 nodeid @32,
///   u64 seq @40}, u32 entries @48, u32 ids from @56.
public enum VoteQuorumLibResponse {
    /// The bare STATUS header.
    public static func status(_ error: CSError) -> [UInt8] {
        LibMessage.response(id: 0, size: LibMessage.responseHeaderSize, error: error).bytes
    }

    /// GETINFO's answer: the info, or (nil) the zeroed struct with `CS_ERR_NOT_EXIST`.
    public static func getInfo(_ info: VoteQuorumLibInfo?) -> [UInt8] {
        var writer = LibMessage.response(id: 1, size: 320, error: info == nil ? .notExist : .ok)
        guard let info else { return writer.bytes }
        let fields = [
            info.nodeID, info.state, info.votes, info.expectedVotes, info.highestExpected, info.totalVotes,
            info.quorum, info.flags, info.deviceVotes,
        ]
        for (index, field) in fields.enumerated() { writer.put(Int32(bitPattern: field), at: 24 + 4 * index) }
        writer.put(bytes: Array(info.deviceName.utf8.prefix(254)), at: 60)
        return writer.bytes
    }

    /// The quorum event: quorate, the tracker's context and each known node with its state.
    public static func quorumNotification(
        quorate: Bool, context: UInt64, nodes: [(nodeID: UInt32, state: UInt32)]
    ) -> [UInt8] {
        var writer = LibMessage.response(id: 3, size: 48 + 8 * nodes.count, error: .ok)
        writer.put(Int32(quorate ? 1 : 0), at: 24)
        writer.put(context, at: 32)
        writer.put(Int32(nodes.count), at: 40)
        for (index, node) in nodes.enumerated() {
            writer.put(Int32(bitPattern: node.nodeID), at: 48 + 8 * index)
            writer.put(Int32(bitPattern: node.state), at: 52 + 8 * index)
        }
        return writer.bytes
    }

    /// The nodelist event: the tracker's context, the ring id and the members' ids.
    public static func nodelistNotification(
        context: UInt64, ringRep: UInt32, ringSeq: UInt64, members: [UInt32]
    ) -> [UInt8] {
        var writer = LibMessage.response(id: 5, size: 56 + 4 * members.count, error: .ok)
        writer.put(context, at: 24)
        writer.put(Int32(bitPattern: ringRep), at: 32)
        writer.put(ringSeq, at: 40)
        writer.put(Int32(members.count), at: 48)
        for (index, member) in members.enumerated() { writer.put(Int32(bitPattern: member), at: 56 + 4 * index) }
        return writer.bytes
    }
}
