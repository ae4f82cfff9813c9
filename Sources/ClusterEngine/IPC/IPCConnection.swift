import NIOCore

/// An accepted client: its channel and the credentials the kernel reported (SO_PEERCRED).
struct IPCConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let uid: UInt32
    let gid: UInt32
    let pid: Int32
}
