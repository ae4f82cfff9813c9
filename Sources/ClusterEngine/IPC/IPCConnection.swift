import NIOCore

/// An accepted client: its channel and the credentials the kernel reported (SO_PEERCRED).
struct IPCConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let uid: UInt32
    let gid: UInt32
    let pid: Int32
}

/// What the listener made of an accepted socket.
enum IPCAccepted: Sendable {
    /// An allowed peer within the caps: served by its own task.
    case served(IPCConnection)
    /// Refused at accept: the socket gets its refusal frame and is closed by the event loop.
    case refused
}
