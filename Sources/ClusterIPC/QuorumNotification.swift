/// A quorum change pushed to a connection that tracks the quorum (``IPCKind/quorumNotification``,
/// `0x4404`), carrying the request id of the ``IPCRequest/trackQuorum(_:)`` that asked for it.
///
/// Body: the whole ``QuorumStatusInfo`` as the ``IPCKind/quorumStatus`` reply encodes it (no
/// status word: a notification is never an error), so a client can print `quorumtool -s`
/// from it alone:
///
/// ```
/// +------------------------------+
/// | QuorumStatusInfo (see there) |
/// +------------------------------+
/// ```
public struct QuorumNotification: Hashable, Sendable {
    /// The id of the track request this notification belongs to.
    public var requestID: UInt32
    /// The quorum state after the change (or the current state, right after the track reply).
    public var status: QuorumStatusInfo

    /// Creates a notification.
    public init(requestID: UInt32, status: QuorumStatusInfo) {
        self.requestID = requestID
        self.status = status
    }

    /// The frame carrying it.
    public func frame() -> IPCFrame {
        var writer = IPCWriter()
        status.encode(&writer)
        return IPCFrame(kind: .quorumNotification, requestID: requestID, body: writer.bytes)
    }

    /// Interprets a received frame as a quorum notification.
    /// - Throws: ``IPCError/unsupportedVersion(_:)``, ``IPCError/unknownKind(_:)`` for another
    ///   kind, or a body error (truncated, trailing bytes, a bad bool or member state).
    public static func decode(_ frame: IPCFrame) throws(IPCError) -> QuorumNotification {
        guard frame.version == IPCProtocol.version else { throw .unsupportedVersion(frame.version) }
        guard frame.kind == .quorumNotification else { throw .unknownKind(frame.kind.rawValue) }
        var reader = IPCReader(frame.body)
        let status = try QuorumStatusInfo.decode(&reader)
        try reader.finish()
        return QuorumNotification(requestID: frame.requestID, status: status)
    }
}
