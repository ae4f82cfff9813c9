/// The reply to ``IPCKind/quorumStatus``: everything `quorumtool -s` and `-l` print (what
/// `corosync-quorumtool` assembles from the quorum service, votequorum's getinfo and cmap).
///
/// Encoding, in order: `u32 local nodeid | string provider | bool votequorum | bool quorate |
/// u32 ring rep | u64 ring seq | u32 expected votes | u32 highest expected | u32 total votes |
/// u32 quorum | u32 flags | bool wait_for_all pending | u32 device votes | string device name |
/// u32 count, member... (``QuorumMemberEntry``)`.
///
/// When the provider is not votequorum, `voteQuorum` is false, every votequorum figure is 0,
/// the ring id is the ring's, and members carry no votes (`known` false).
public struct QuorumStatusInfo: Hashable, Sendable {
    /// This node's id.
    public var localNodeID: UInt32
    /// `quorum.provider` ("" when none is configured: everybody is quorate).
    public var provider: String
    /// True when the provider is `corosync_votequorum` and the fields below are votequorum's.
    public var voteQuorum: Bool
    /// Whether this node's partition is quorate.
    public var quorate: Bool
    /// The ring id's representative (of the ring votequorum last synced in).
    public var ringRep: UInt32
    /// The ring id's sequence number.
    public var ringSeq: UInt64
    /// This node's expected votes.
    public var expectedVotes: UInt32
    /// The highest expected votes over member nodes.
    public var highestExpected: UInt32
    /// Σ votes of member nodes (+ device votes while our device casts its vote).
    public var totalVotes: UInt32
    /// Votes needed for quorum.
    public var quorum: UInt32
    /// `VOTEQUORUM_INFO_*` bits: 1 two_node, 2 quorate, 4 wait_for_all, 8 last_man_standing,
    /// 16 auto_tie_breaker, 32 allow_downscale, 64 qdevice registered, 128 alive, 256 cast vote,
    /// 512 master wins.
    public var flags: UInt32
    /// wait_for_all has not been satisfied yet (`runtime.votequorum.wait_for_all_status`).
    public var waitForAllPending: Bool
    /// The quorum device's votes as this node knows them.
    public var deviceVotes: UInt32
    /// The quorum device's name ("" if none).
    public var deviceName: String
    /// The current members in membership order.
    public var members: [QuorumMemberEntry]

    /// Creates a status.
    public init(
        localNodeID: UInt32, provider: String, voteQuorum: Bool, quorate: Bool, ringRep: UInt32, ringSeq: UInt64,
        expectedVotes: UInt32, highestExpected: UInt32, totalVotes: UInt32, quorum: UInt32, flags: UInt32,
        waitForAllPending: Bool, deviceVotes: UInt32, deviceName: String, members: [QuorumMemberEntry]
    ) {
        self.localNodeID = localNodeID
        self.provider = provider
        self.voteQuorum = voteQuorum
        self.quorate = quorate
        self.ringRep = ringRep
        self.ringSeq = ringSeq
        self.expectedVotes = expectedVotes
        self.highestExpected = highestExpected
        self.totalVotes = totalVotes
        self.quorum = quorum
        self.flags = flags
        self.waitForAllPending = waitForAllPending
        self.deviceVotes = deviceVotes
        self.deviceName = deviceName
        self.members = members
    }

    /// The ring id as corosync prints it: `rep.seq` in hex.
    public var ringID: String { String(ringRep, radix: 16) + "." + String(ringSeq, radix: 16) }

    /// Encodes the body.
    public func encode(_ writer: inout IPCWriter) {
        writer.u32(localNodeID)
        writer.string(provider)
        writer.bool(voteQuorum)
        writer.bool(quorate)
        writer.u32(ringRep)
        writer.u64(ringSeq)
        writer.u32(expectedVotes)
        writer.u32(highestExpected)
        writer.u32(totalVotes)
        writer.u32(quorum)
        writer.u32(flags)
        writer.bool(waitForAllPending)
        writer.u32(deviceVotes)
        writer.string(deviceName)
        writer.array(members) { $1.encode(&$0) }
    }

    /// Decodes the body (the caller checks that nothing is left).
    public static func decode(_ reader: inout IPCReader) throws(IPCError) -> QuorumStatusInfo {
        QuorumStatusInfo(
            localNodeID: try reader.u32("localNodeID"), provider: try reader.string("provider"),
            voteQuorum: try reader.bool("voteQuorum"), quorate: try reader.bool("quorate"),
            ringRep: try reader.u32("ringRep"), ringSeq: try reader.u64("ringSeq"),
            expectedVotes: try reader.u32("expectedVotes"), highestExpected: try reader.u32("highestExpected"),
            totalVotes: try reader.u32("totalVotes"), quorum: try reader.u32("quorum"), flags: try reader.u32("flags"),
            waitForAllPending: try reader.bool("waitForAllPending"), deviceVotes: try reader.u32("deviceVotes"),
            deviceName: try reader.string("deviceName"),
            members: try reader.array("members", minimumElementSize: QuorumMemberEntry.minimumSize, QuorumMemberEntry.decode))
    }
}
