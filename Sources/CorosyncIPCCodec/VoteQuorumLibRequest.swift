/// A request of corosync 3.1.7's libvotequorum (`ipc_votequorum.h`, `req_lib_votequorum_*`).
///
/// | id | request | fields | size |
/// |----|---------|--------|------|
/// | 0 | GETINFO | i32 nodeid @16 (0: this node) | 24 |
/// | 1 | SETEXPECTED | u32 expected_votes @16 | 24 |
/// | 2 | SETVOTES | u32 votes @16, i32 nodeid @20 | 24 |
/// | 3 | TRACKSTART | u64 context @16, u32 track_flags @24 | 32 |
/// | 4 | TRACKSTOP | - | 16 |
/// | 5 | QDEVICE_REGISTER | name[255] @16 | 272 |
/// | 6 | QDEVICE_UNREGISTER | name[255] @16 | 272 |
/// | 7 | QDEVICE_UPDATE | oldname[255] @16, newname[255] @271 | 528 |
/// | 8 | QDEVICE_POLL | name @16, i32 cast_vote @272, ring id @280 | 296 |
/// | 9 | QDEVICE_MASTER_WINS | name @16, u32 allow @272 | 280 |
public enum VoteQuorumLibRequest: Hashable, Sendable {
    /// The votequorum view of `nodeID` (0: this node).
    case getInfo(nodeID: UInt32)
    /// `corosync-quorumtool -e`.
    case setExpected(UInt32)
    /// `corosync-quorumtool -v` (node 0: this node).
    case setVotes(UInt32, nodeID: UInt32)
    /// Starts tracking; events carry `context`.
    case trackStart(context: UInt64, flags: UInt32)
    /// Stops tracking.
    case trackStop
    /// A QDEVICE_* request (ids 5–9), answered as corosync answers without a device.
    case qdevice(id: Int32)

    /// Each request's struct size, by id.
    static let sizes: [Int] = [24, 24, 24, 32, 16, 272, 272, 528, 296, 280]

    /// Decodes one request; nil for an unknown id or a message shorter than its struct.
    public static func decode(_ message: [UInt8]) -> VoteQuorumLibRequest? {
        guard let id = LibMessage.requestID(message), id >= 0, Int(id) < sizes.count,
            message.count >= sizes[Int(id)]
        else { return nil }
        let reader = WireReader(message)
        func u32(_ offset: Int) -> UInt32 { UInt32(bitPattern: reader.int32(at: offset)) }
        switch id {
        case 0: return .getInfo(nodeID: u32(16))
        case 1: return .setExpected(u32(16))
        case 2: return .setVotes(u32(16), nodeID: u32(20))
        case 3: return .trackStart(context: reader.uint64(at: 16), flags: u32(24))
        case 4: return .trackStop
        default: return .qdevice(id: id)
        }
    }
}
