import NIOCore
import Synchronization

/// An accepted client: its channel and the credentials the kernel reported (SO_PEERCRED).
struct IPCConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let uid: UInt32
    let gid: UInt32
    let pid: Int32
}

/// An admitted peer's socket, not wrapped yet: accepted with `autoRead` off, so nothing is read
/// (and nothing lost) until the server claims it and wraps it (``IPCPendingConnections``).
struct IPCPendingConnection: Sendable {
    let channel: any Channel
    let uid: UInt32
    let gid: UInt32
    let pid: Int32
}

/// What the listener made of an accepted socket.
enum IPCAccepted: Sendable {
    /// An allowed peer within the caps, registered in the server's ``IPCPendingConnections``.
    case served(IPCPendingConnection)
    /// Refused at accept: the socket gets its refusal frame and is closed by the event loop.
    case refused
}

/// Admitted sockets between accept and the server's accept loop.
///
/// NIO hands accepted sockets to the accept loop through its server channel's async sequence,
/// and drops whatever is in flight when the server channel closes (swift-nio issue 2813). A
/// dropped `NIOAsyncChannel` traps the process, so sockets are wrapped only once claimed here;
/// the ones never claimed are closed by ``stop(closing:)``, and a socket admitted after that is
/// closed at once.
final class IPCPendingConnections: Sendable {
    private struct State {
        var pending: [ObjectIdentifier: IPCPendingConnection] = [:]
        var stopped = false
    }
    private let state = Mutex(State())

    /// Registers an admitted socket; false (the caller closes it) once the server stopped.
    func register(_ connection: IPCPendingConnection) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.pending[ObjectIdentifier(connection.channel)] = connection
            return true
        }
    }

    /// Takes a registered socket for serving; false if ``stop(closing:)`` already closed it.
    func claim(_ connection: IPCPendingConnection) -> Bool {
        state.withLock { $0.pending.removeValue(forKey: ObjectIdentifier(connection.channel)) != nil }
    }

    /// Refuses further registrations and hands every unclaimed socket to `close`.
    func stop(closing close: (IPCPendingConnection) -> Void) {
        let left = state.withLock { state in
            state.stopped = true
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        left.forEach(close)
    }
}
