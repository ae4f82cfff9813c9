/// The quorum tracking of one connection as a pure state machine: which track request (if any)
/// the connection follows and what it was last told, so that it gets the current state at once
/// and then one notification per actual change, never a repeat.
///
/// The server feeds it the track requests and every quorum state the daemon publishes; it
/// writes the frames returned, in order:
///
/// ```swift
/// var tracking = QuorumTrackingState()
/// frames = tracking.start(flags, requestID: id, current: status)  // reply, then (maybe) the current state
/// frames = tracking.offer(newStatus)                               // [] when not tracking or unchanged
/// frames = tracking.stop(requestID: id)                            // reply; nothing is pushed after it
/// ```
public struct QuorumTrackingState: Hashable, Sendable {
    /// The request id notifications carry while the connection tracks changes (nil: not tracking).
    public private(set) var trackingRequestID: UInt32?
    /// The state the connection was last sent (or, with `changesOnly`, the state when tracking
    /// started), against which changes are measured.
    public private(set) var lastSent: QuorumStatusInfo?
    /// Bumped by every start and stop; lets a server drop pushes prepared for an older track.
    public private(set) var generation: UInt64 = 0

    /// A connection that does not track yet.
    public init() {}

    /// True while changes are pushed.
    public var isTracking: Bool { trackingRequestID != nil }

    /// Handles a track request: the reply (``IPCReply/done``), then the current state when
    /// `flags` ask for it. With `changes` or `changesOnly` the connection tracks from now on
    /// (a second track request replaces the first: its id is used from then on).
    public mutating func start(_ flags: QuorumTrackFlags, requestID: UInt32, current: QuorumStatusInfo) -> [IPCFrame] {
        var frames = [IPCReply.done.frame(requestKind: .trackQuorum, requestID: requestID)]
        generation &+= 1
        if flags.sendsCurrent { frames.append(QuorumNotification(requestID: requestID, status: current).frame()) }
        if flags.tracksChanges {
            trackingRequestID = requestID
            lastSent = current
        } else {
            trackingRequestID = nil
            lastSent = nil
        }
        return frames
    }

    /// Handles a stop request: ``IPCReply/done`` when the connection was tracking (no
    /// notification follows it), `CS_ERR_NOT_EXIST` when it was not (as corosync's trackstop).
    public mutating func stop(requestID: UInt32) -> [IPCFrame] {
        guard isTracking else {
            return [IPCReply.failure(.notExist, message: "quorum tracking was not started on this connection")
                .frame(requestKind: .stopQuorumTracking, requestID: requestID)]
        }
        generation &+= 1
        trackingRequestID = nil
        lastSent = nil
        return [IPCReply.done.frame(requestKind: .stopQuorumTracking, requestID: requestID)]
    }

    /// A state the daemon published: its notification when the connection tracks and the state
    /// differs from the last one sent (quorate, votes, expected votes, quorum, flags, members,
    /// ring id, names...), otherwise nothing.
    public mutating func offer(_ status: QuorumStatusInfo) -> [IPCFrame] {
        var frames: [IPCFrame] = []
        guard let requestID = trackingRequestID, status != lastSent else { return frames }
        lastSent = status
        frames.append(QuorumNotification(requestID: requestID, status: status).frame())
        return frames
    }
}
