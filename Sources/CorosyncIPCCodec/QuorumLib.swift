/// A request of corosync 3.1.7's libquorum (`ipc_quorum.h`, `req_lib_quorum_*`), decoded.
///
/// | id | request | fields | size |
/// |----|---------|--------|------|
/// | 0 | GETQUORATE | - | 16 |
/// | 1 | TRACKSTART | u32 track_flags @16 (`CS_TRACK_CURRENT` 1, `CHANGES` 2, `CHANGES_ONLY` 4) | 24 |
/// | 2 | TRACKSTOP | - | 16 |
/// | 3 | GETTYPE | - | 16 |
/// | 4 | MODEL_GETTYPE | u32 model @16 (0 v0, 1 v1) | 24 |
public enum QuorumLibRequest: Hashable, Sendable {
    /// Whether this node's partition is quorate.
    case getQuorate
    /// Starts tracking with `CS_TRACK_*` flags.
    case trackStart(flags: UInt32)
    /// Stops tracking.
    case trackStop
    /// The quorum type (`QUORUM_SET` with a provider, `QUORUM_FREE` without).
    case getType
    /// Selects the notification model and answers the quorum type.
    case modelGetType(model: UInt32)

    /// Decodes one request; nil for an unknown id or a message shorter than its struct
    /// (corosync answers both with ``LibMessage/refusal(_:)``).
    public static func decode(_ message: [UInt8]) -> QuorumLibRequest? {
        guard let id = LibMessage.requestID(message) else { return nil }
        let reader = WireReader(message)
        switch id {
        case 0: return .getQuorate
        case 1: return message.count >= 24 ? .trackStart(flags: UInt32(bitPattern: reader.int32(at: 16))) : nil
        case 2: return .trackStop
        case 3: return .getType
        case 4: return message.count >= 24 ? .modelGetType(model: UInt32(bitPattern: reader.int32(at: 16))) : nil
        default: return nil
        }
    }
}

/// `CS_TRACK_*` (corotypes.h): what a TRACKSTART asks.
public enum CSTrack {
    /// Send the current state now.
    public static let current: UInt32 = 1
    /// Send it now and at every change.
    public static let changes: UInt32 = 2
    /// Send it at every change only.
    public static let changesOnly: UInt32 = 4
}

/// libquorum's responses and events (`res_lib_quorum_*`).
///
/// | id | response | fields | size |
/// |----|----------|--------|------|
/// | 0 | GETQUORATE | u32 quorate @24 | 32 |
/// | 1 | TRACKSTART | header | 24 |
/// | 2 | TRACKSTOP | header | 24 |
/// | 3 | NOTIFICATION (event, v0) | i32 quorate @24, u64 ring_seq @32, u32 entries @40, u32 ids @44 | 48 + 4n |
/// | 4 | GETTYPE | u32 quorum_type @24 | 32 |
/// | 5 | MODEL_GETTYPE | u32 quorum_type @24 | 32 |
public enum QuorumLibResponse {
    /// `QUORUM_FREE`: no quorum provider.
    public static let quorumFree: UInt32 = 0
    /// `QUORUM_SET`: a provider (votequorum) decides.
    public static let quorumSet: UInt32 = 1

    /// GETQUORATE's answer.
    public static func getQuorate(_ quorate: Bool) -> [UInt8] {
        var writer = LibMessage.response(id: 0, size: 32, error: .ok)
        writer.put(Int32(quorate ? 1 : 0), at: 24)
        return writer.bytes
    }

    /// TRACKSTART's (id 1) or TRACKSTOP's (id 2) bare header.
    public static func status(_ id: Int32, _ error: CSError) -> [UInt8] {
        LibMessage.response(id: id, size: LibMessage.responseHeaderSize, error: error).bytes
    }

    /// GETTYPE's (id 4) answer, or MODEL_GETTYPE's (id 5) with its status.
    public static func type(_ quorumType: UInt32, model: Bool = false, error: CSError = .ok) -> [UInt8] {
        var writer = LibMessage.response(id: model ? 5 : 4, size: 32, error: error)
        writer.put(Int32(bitPattern: quorumType), at: 24)
        return writer.bytes
    }

    /// The v0 notification event: quorate, the ring's sequence number and the members' ids.
    /// Its size is the struct's (48, with 4 bytes of tail padding) plus 4 per member, as
    /// corosync computes it, though the ids start at 44.
    public static func notification(quorate: Bool, ringSeq: UInt64, members: [UInt32]) -> [UInt8] {
        var writer = LibMessage.response(id: 3, size: 48 + 4 * members.count, error: .ok)
        writer.put(Int32(quorate ? 1 : 0), at: 24)
        writer.put(ringSeq, at: 32)
        writer.put(Int32(members.count), at: 40)
        for (index, member) in members.enumerated() { writer.put(Int32(bitPattern: member), at: 44 + 4 * index) }
        return writer.bytes
    }
}
