import ClusterIPC
import Glibc

/// A connection to totemd that tracks the quorum (`trackQuorum`, kind `0x0404`): the server
/// sends the current state (unless only changes were asked for), then one notification per
/// change of quorate flag, votes, expected votes, quorum, flags, members or ring id.
///
/// ```swift
/// let track = try TotemdClient(runDirectory: dir).trackQuorum()
/// while let status = try track.next() { print(status.quorate) }   // blocks; nil only on timeout
/// ```
/// It is bound to the thread that uses it (not `Sendable`); ``QuorumChanges`` wraps it as an
/// `AsyncSequence`. Closing it (deinit) ends the tracking on the server.
public final class QuorumTrack {
    /// The request id the notifications carry.
    public let requestID: UInt32
    private let client: TotemdClient
    private let fd: Int32
    /// The connection's socket (``QuorumReader`` shuts it down to end a blocked ``next(timeout:)``).
    var descriptor: Int32 { fd }
    private var decoder = IPCFrameDecoder()
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Connects, sends the track request and waits (up to the client's timeout) for its reply.
    /// - Throws: ``TotemdClientError``; `CS_ERR_NOT_SUPPORTED` when votequorum is not the
    ///   provider, `CS_ERR_INVALID_PARAM` for flags the server refuses.
    init(client: TotemdClient, flags: QuorumTrackFlags) throws(TotemdClientError) {
        self.client = client
        fd = try client.connect()
        requestID = UInt32.random(in: 1...UInt32.max)
        do throws(TotemdClientError) {
            let request = IPCRequest.trackQuorum(flags)
            try client.send(fd, request.frame(requestID: requestID).encoded())
            try awaitReply(to: request, requestID: requestID)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    /// Waits for the next quorum state: the current one first (with `current` or `changes`),
    /// then each change. Returns nil when `timeout` passes first (nil timeout: wait forever).
    /// - Throws: ``TotemdClientError/disconnected`` when the daemon goes away,
    ///   ``TotemdClientError/malformedReply(_:)`` for bytes that are not a notification.
    public func next(timeout: Duration? = nil) throws(TotemdClientError) -> QuorumStatusInfo? {
        while true {
            if let frame = try nextFrame() {
                guard frame.kind == .quorumNotification, frame.requestID == requestID else { continue }
                do throws(IPCError) {
                    return try QuorumNotification.decode(frame).status
                } catch {
                    throw .malformedReply(error)
                }
            }
            guard try waitReadable(timeout: timeout) else { return nil }
            try receive()
        }
    }

    /// Stops the tracking and waits for the reply; notifications still in flight are dropped.
    public func stop() throws(TotemdClientError) {
        let stopID = requestID &+ 1
        try client.send(fd, IPCRequest.stopQuorumTracking.frame(requestID: stopID).encoded())
        try awaitReply(to: .stopQuorumTracking, requestID: stopID)
    }

    /// Reads frames until the reply to `request`; an error status is thrown as
    /// ``TotemdClientError/failed(_:message:)``.
    private func awaitReply(to request: IPCRequest, requestID id: UInt32) throws(TotemdClientError) {
        while true {
            if let frame = try nextFrame() {
                // Request id 0 is the server's answer to a frame it could not read at all.
                guard frame.kind.isReply, frame.requestID == id || frame.requestID == 0 else { continue }
                let reply: IPCReply
                do throws(IPCError) {
                    reply = try IPCReply.decode(frame, for: request)
                } catch {
                    throw .malformedReply(error)
                }
                if case .failure(let status, let message) = reply { throw .failed(status, message: message) }
                return
            }
            guard try waitReadable(timeout: client.timeout) else { throw .timedOut }
            try receive()
        }
    }

    private func nextFrame() throws(TotemdClientError) -> IPCFrame? {
        do throws(IPCError) {
            return try decoder.next()
        } catch {
            throw .malformedReply(error)
        }
    }

    /// poll(2) for input: true when readable (or closed), false on timeout.
    private func waitReadable(timeout: Duration?) throws(TotemdClientError) -> Bool {
        let milliseconds: Int32
        if let timeout {
            let total = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
            milliseconds = Int32(clamping: max(0, total))
        } else {
            milliseconds = -1
        }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let result = poll(&entry, 1, milliseconds)
            if result > 0 { return true }
            if result == 0 { return false }
            if errno != EINTR { throw .disconnected }
        }
    }

    private func receive() throws(TotemdClientError) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                decoder.append(buffer[0..<count])
                return
            }
            if count == 0 { throw .disconnected }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw .timedOut }
            throw .disconnected
        }
    }
}

@available(*, unavailable)
extension QuorumTrack: Sendable {}

extension TotemdClient {
    /// Starts tracking the quorum on a connection of its own (`quorumtool -m`); by default the
    /// current state comes first, then every change (corosync's `CS_TRACK_CHANGES`).
    public func trackQuorum(_ flags: QuorumTrackFlags = .changes) throws(TotemdClientError) -> QuorumTrack {
        try QuorumTrack(client: self, flags: flags)
    }

    /// The quorum states as an `AsyncSequence`: the current one, then every change as soon as it
    /// arrives, until the consuming task is cancelled (the sequence then ends) or the daemon goes
    /// away (it throws).
    public func quorumChanges() -> QuorumChanges {
        QuorumChanges(client: self)
    }

    /// Cancels wait_for_all on every node (`quorumtool --cancel-wait-for-all`; corosync does it
    /// with `corosync-cmapctl -s quorum.cancel_wait_for_all u8 1`).
    public func cancelWaitForAll() throws(TotemdClientError) {
        _ = try call(.cancelWaitForAll)
    }
}
