/// One corosync service served to stock clients through libqb (``CorosyncIPCServer``): its
/// libqb name and id, who may connect, and a session per connection.
///
/// corosync 3.1.7 serves cmap 0, cfg 1, cpg 2, quorum 3 and votequorum 5, each under its short
/// name (`@cmap`, `@cfg`, ...). A service is one type conforming to this protocol plus its
/// ``CorosyncSession``; the transport is the same for all.
public protocol CorosyncService: Sendable {
    /// The libqb service name, which is also the abstract socket's name (`cmap`).
    var name: String { get }
    /// corosync's service id (cmap 0).
    var serviceID: Int32 { get }
    /// Whether a client with these credentials may connect (corosync's `connection_accept`).
    /// Called on the server's thread; it must not block.
    func admit(uid: UInt32, gid: UInt32) -> CorosyncAdmission
    /// State for a new connection. Called on the server's thread; the session is only ever used
    /// there, so it needs no lock.
    func open(_ connection: CorosyncConnection) -> any CorosyncSession
}

/// A connection's state, confined to the server's thread.
public protocol CorosyncSession: AnyObject {
    /// Answers one request (the whole message, header included, at least 16 bytes and within
    /// the connection's buffer). Every request must get a reply, now or (``CorosyncReply/deferred``)
    /// through ``CorosyncConnection/respond(_:)``; clients wait for it without a timeout.
    func receive(_ request: [UInt8]) -> CorosyncReply
    /// The client left or was disconnected: drop trackers and iterators. No more requests come.
    func close()
}

/// What a session does with a request.
public enum CorosyncReply: Sendable {
    /// Send this response now.
    case response([UInt8])
    /// The request has no response (corosync's asynchronous calls, e.g. cpg's MCAST).
    case none
    /// The response comes later through ``CorosyncConnection/respond(_:)``; the connection is
    /// kept until then.
    case deferred
}

/// The answer to a connecting client (libqb then reports it to the client's connect call).
public enum CorosyncAdmission: Hashable, Sendable {
    /// Served.
    case allow
    /// Refused: `-EACCES`, the client's `CS_ERR_ACCESS`.
    case deny
    /// Not now: `-EAGAIN`, the client's `CS_ERR_TRY_AGAIN` (corosync's tools retry).
    case tryAgain
}

/// Who is connected: the client's process and credentials.
public struct CorosyncPeer: Hashable, Sendable {
    /// The client's process id.
    public var pid: Int32
    /// Its effective user id.
    public var uid: UInt32
    /// Its effective group id.
    public var gid: UInt32

    /// A peer.
    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}
