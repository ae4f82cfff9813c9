/// The `u32` body of ``IPCKind/trackQuorum``: corosync's `CS_TRACK_*` bits, with its meaning.
///
/// | bit | name           | effect                                                              |
/// |-----|----------------|---------------------------------------------------------------------|
/// | 1   | `current`      | one notification with the current state right after the reply       |
/// | 2   | `changes`      | the current state at once, then a notification on every change      |
/// | 4   | `changesOnly`  | a notification on every change, without the current state first     |
///
/// A request with no bit set, or with any other bit, is refused with `CS_ERR_INVALID_PARAM`.
public struct QuorumTrackFlags: OptionSet, Hashable, Sendable {
    /// The bits as on the wire.
    public var rawValue: UInt32

    /// Wraps raw bits (not validated; ``validated(_:)`` checks them).
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `CS_TRACK_CURRENT`: send the current state once.
    public static let current = QuorumTrackFlags(rawValue: 1)
    /// `CS_TRACK_CHANGES`: the current state, then every change (what `quorumtool -m` asks for).
    public static let changes = QuorumTrackFlags(rawValue: 2)
    /// `CS_TRACK_CHANGES_ONLY`: every change, without the current state first.
    public static let changesOnly = QuorumTrackFlags(rawValue: 4)

    /// Every bit this version knows.
    public static let known: QuorumTrackFlags = [.current, .changes, .changesOnly]

    /// True when the server sends the current state right after the reply (as corosync does for
    /// `CS_TRACK_CURRENT` or `CS_TRACK_CHANGES`).
    public var sendsCurrent: Bool { contains(.current) || contains(.changes) }

    /// True when the connection keeps receiving changes after the reply.
    public var tracksChanges: Bool { contains(.changes) || contains(.changesOnly) }

    /// The flags if they are valid: at least one bit, and only known ones.
    /// - Throws: ``IPCError/invalidValue(field:value:)`` for `trackFlags`.
    public static func validated(_ raw: UInt32) throws(IPCError) -> QuorumTrackFlags {
        let flags = QuorumTrackFlags(rawValue: raw)
        guard raw != 0, known.isSuperset(of: flags) else { throw .invalidValue(field: "trackFlags", value: UInt64(raw)) }
        return flags
    }
}
