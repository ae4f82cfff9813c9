import ClusterIPC
import Glibc

/// A client of a node's cmap over totemd's IPC socket, for tools and for HA daemons in other
/// processes: get, set, delete, iterate, track. One connection, kept open; if the daemon
/// restarts or the connection breaks, the next call reconnects (once), selects the same map
/// and registers the same trackers again, so tracker handles stay valid.
///
/// ```swift
/// let client = CMapClient(runDirectory: "/run/totemd")
/// try client.set("test.a", .uint32(1))
/// let handle = try client.track("runtime.members.", events: 4 | 2 | 1 | 8)
/// while let change = try client.nextNotification(wait: .seconds(1)) { print(change.key) }
/// ```
///
/// Not thread-safe: use it from one thread (or wrap it in an actor or a lock).
public final class CMapClient {
    /// `<run-dir>/totemd.sock`.
    public let socketPath: String
    /// How long a call waits for its reply.
    public let timeout: Duration
    private var socket: CMapSocket?
    private var lastRequestID: UInt32 = 0
    private var map = CMapMap.icmap
    private var queued: [CMapTrackNotification] = []
    /// Our trackers by the handle the caller got: name, events, and the server's handle now.
    private var trackers: [UInt64: (key: String, events: UInt8, serverHandle: UInt64)] = [:]

    /// A client of the daemon whose run directory is `runDirectory` (`--run-dir`). Nothing is
    /// connected until the first call (or ``connect()``).
    public init(runDirectory: String = IPCProtocol.defaultRunDirectory, timeout: Duration = .seconds(5)) {
        socketPath = IPCProtocol.socketPath(runDirectory: runDirectory)
        self.timeout = timeout
    }

    /// Connects now (the calls connect on demand), so that an unreachable or refusing daemon
    /// is reported before anything else.
    public func connect() throws(TotemdClientError) {
        if socket == nil { try reconnect() }
    }

    /// Closes the connection; the server drops this client's trackers.
    public func close() { socket = nil }

    /// The value of `key` (``TotemdClientError/failed(_:message:)`` with `CS_ERR_NOT_EXIST`
    /// when there is none).
    public func get(_ key: String) throws(TotemdClientError) -> IPCValue {
        guard case .cmap(.value(let value)) = try call(.get(key: key)) else { throw Self.unexpected(.cmapGet) }
        return value
    }

    /// Creates or changes `key` (`CS_ERR_ACCESS` for read-only keys, `CS_ERR_NAME_TOO_LONG` for
    /// a bad new name).
    public func set(_ key: String, _ value: IPCValue) throws(TotemdClientError) {
        _ = try call(.set(key: key, value: value))
    }

    /// Deletes `key`.
    public func delete(_ key: String) throws(TotemdClientError) {
        _ = try call(.delete(key: key))
    }

    /// Every key under `prefix` ("" = all) with its value, in key order (fetched page by page).
    public func entries(prefix: String = "") throws(TotemdClientError) -> [CMapEntry] {
        var result: [CMapEntry] = []
        var after = ""
        while true {
            guard case .cmap(.entries(let page, let more)) = try call(.iterate(prefix: prefix, after: after)) else {
                throw Self.unexpected(.cmapIterate)
            }
            result += page
            guard more, let last = page.last else { return result }
            after = last.key
        }
    }

    /// Selects the map the following calls use (icmap, the default, or stats).
    public func select(_ map: CMapMap) throws(TotemdClientError) {
        _ = try call(.setMap(map))
        self.map = map
    }

    /// Tracks `key` (a prefix with event bit 8); `events` is corosync's mask (ADD 4 | MODIFY 2 |
    /// DELETE 1 | PREFIX 8). Returns the handle the notifications carry.
    public func track(_ key: String, events: UInt8) throws(TotemdClientError) -> UInt64 {
        let handle = try register(key, events: events)
        trackers[handle] = (key, events, handle)
        return handle
    }

    /// Stops a tracker.
    public func untrack(_ handle: UInt64) throws(TotemdClientError) {
        guard let tracker = trackers.removeValue(forKey: handle) else {
            throw .failed(IPCStatus(rawValue: 9), message: "unknown track handle \(handle)")
        }
        _ = try call(.cmap(.trackDelete(handle: tracker.serverHandle)))
    }

    /// The next tracked change, waiting at most `wait`; nil when none came in time. When the
    /// connection breaks or the daemon is away, this waits `wait` and returns nil; a later call
    /// connects again and registers the trackers anew (changes made meanwhile are not replayed,
    /// and a restarted daemon starts from its configuration).
    public func nextNotification(wait: Duration) throws(TotemdClientError) -> CMapTrackNotification? {
        if !queued.isEmpty { return queued.removeFirst() }
        do throws(TotemdClientError) {
            if socket == nil { try reconnect() }
            while let frame = try socket!.nextFrame(wait: wait) {
                if let notification = try notification(frame) { return notification }
            }
            return nil
        } catch {
            guard error == .disconnected || error.isConnectFailure else { throw error }
            socket = nil
            var pause = timespec(tv_sec: Int(wait.components.seconds), tv_nsec: Int(wait.components.attoseconds / 1_000_000_000))
            _ = nanosleep(&pause, nil)
            return nil
        }
    }

    // MARK: - Calls

    private func call(_ request: CMapRequest) throws(TotemdClientError) -> IPCReply {
        try call(IPCRequest.cmap(request))
    }

    /// Sends `request` and waits for its reply, queueing notifications that arrive first;
    /// reconnects once when the connection turns out to be broken.
    private func call(_ request: IPCRequest) throws(TotemdClientError) -> IPCReply {
        if socket == nil { try reconnect() }
        do throws(TotemdClientError) {
            return try exchange(request)
        } catch .disconnected {
            try reconnect()
            return try exchange(request)
        }
    }

    private func exchange(_ request: IPCRequest) throws(TotemdClientError) -> IPCReply {
        lastRequestID = lastRequestID &+ 1 == 0 ? 1 : lastRequestID &+ 1
        let requestID = lastRequestID
        try socket!.send(request.frame(requestID: requestID).encoded())
        while true {
            guard let frame = try socket!.nextFrame(wait: nil) else { continue }
            if let notification = try notification(frame) {
                queued.append(notification)
                continue
            }
            guard frame.requestID == requestID || frame.requestID == 0 else { continue }
            let reply: IPCReply
            do throws(IPCError) {
                reply = try IPCReply.decode(frame, for: request)
            } catch {
                throw .malformedReply(error)
            }
            if case .failure(let status, let message) = reply {
                if status == .access { socket = nil }
                throw .failed(status, message: message)
            }
            return reply
        }
    }

    /// The frame as a notification for one of our trackers (handle translated to the caller's),
    /// or nil when it is not a notification.
    private func notification(_ frame: IPCFrame) throws(TotemdClientError) -> CMapTrackNotification? {
        guard frame.kind == .cmapTrackNotification else { return nil }
        var notification: CMapTrackNotification
        do throws(IPCError) {
            notification = try CMapTrackNotification.decode(frame)
        } catch {
            throw .malformedReply(error)
        }
        guard let handle = trackers.first(where: { $0.value.serverHandle == notification.handle })?.key else { return nil }
        notification.handle = handle
        return notification
    }

    private func register(_ key: String, events: UInt8) throws(TotemdClientError) -> UInt64 {
        guard case .cmap(.trackHandle(let handle)) = try call(.trackAdd(key: key, events: events)) else {
            throw Self.unexpected(.cmapTrackAdd)
        }
        return handle
    }

    /// Opens a new connection and restores the selected map and the trackers.
    private func reconnect() throws(TotemdClientError) {
        socket = nil
        socket = try CMapSocket(path: socketPath, timeout: timeout)
        if map != .icmap { _ = try exchange(.cmap(.setMap(map))) }
        for (handle, tracker) in trackers {
            guard case .cmap(.trackHandle(let server)) = try exchange(.cmap(.trackAdd(key: tracker.key, events: tracker.events))) else {
                throw Self.unexpected(.cmapTrackAdd)
            }
            trackers[handle]?.serverHandle = server
        }
    }

    private static func unexpected(_ kind: IPCKind) -> TotemdClientError {
        .malformedReply(.unknownKind(kind.reply.rawValue))
    }
}
