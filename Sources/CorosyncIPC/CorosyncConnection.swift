/// A handle to one client connection that any thread may use: events, late responses and
/// disconnects are queued for the server's thread, which sends them in order. Once the
/// connection has closed, they are dropped.
public struct CorosyncConnection: Sendable, Hashable {
    /// The connection's number within its server (never reused).
    public let id: UInt64
    /// The client.
    public let peer: CorosyncPeer
    /// The largest message either side may send (the buffer size both agreed on).
    public let maximumMessageSize: Int
    let outbox: CorosyncOutbox

    /// A connection handle (the server makes them; tests may too, with their own outbox).
    init(id: UInt64, peer: CorosyncPeer, maximumMessageSize: Int, outbox: CorosyncOutbox) {
        self.id = id
        self.peer = peer
        self.maximumMessageSize = maximumMessageSize
        self.outbox = outbox
    }

    /// Sends an event (a notification) to the client; when its event ring is full, the event
    /// waits in a per-connection queue and is retried.
    public func send(event: [UInt8]) { outbox.post(.event(id, event)) }

    /// Sends the response to the request whose session answered ``CorosyncReply/deferred``.
    public func respond(_ response: [UInt8]) { outbox.post(.response(id, response)) }

    /// Disconnects the client.
    public func disconnect() { outbox.post(.disconnect(id)) }

    /// A connection that belongs to no server: what is sent on it only queues, for
    /// ``queuedEvents()`` to return (for testing a session without libqb).
    public static func unattached(id: UInt64 = 1, peer: CorosyncPeer, maximumMessageSize: Int = 1 << 20) -> Self {
        let outbox = CorosyncOutbox(wakeFD: nil)
        return CorosyncConnection(id: id, peer: peer, maximumMessageSize: maximumMessageSize, outbox: outbox)
    }

    /// The events sent on an ``unattached(id:peer:maximumMessageSize:)`` connection since the
    /// last call, oldest first (always empty for a served connection, whose server takes them).
    /// Late responses queued meanwhile are dropped.
    public func queuedEvents() -> [[UInt8]] {
        queuedMessages().compactMap { $0.isEvent ? $0.bytes : nil }
    }

    /// The events and late responses (``respond(_:)``) sent on an
    /// ``unattached(id:peer:maximumMessageSize:)`` connection since the last call, oldest first.
    public func queuedMessages() -> [(isEvent: Bool, bytes: [UInt8])] {
        outbox.takeUnread().compactMap { item in
            switch item {
            case .event(_, let bytes): (true, bytes)
            case .response(_, let bytes): (false, bytes)
            default: nil
            }
        }
    }

    /// The same connection of the same server.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id && lhs.outbox === rhs.outbox }
    /// Hashes the connection's number.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
