import Totem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A system error from a socket call, with the call's name.
public struct SocketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The failing call (`bind`, `sendto`...).
    public let operation: String
    /// `errno` after the call.
    public let code: Int32

    /// `bind: Address already in use (98)`.
    public var description: String { "\(operation): \(String(cString: strerror(code))) (\(code))" }
}

/// A non-blocking UDP socket (thin wrapper over the system calls; owned by one thread, which
/// closes it).
///
/// The ring's receive socket is bound to `ring0_addr:mcastport`. Each peer also gets a socket
/// *connected* to it: sending through a connected socket makes the kernel report an ICMP
/// port-unreachable (the peer's process is gone while its host is up) as `ECONNREFUSED` on that
/// socket, which is the runtime's fast, honest failure signal.
struct UDPSocket {
    let fd: Int32

    /// Wraps an open descriptor.
    init(fd: Int32) { self.fd = fd }

    /// Opens a socket of the address's family bound to `address` (port 0 for an ephemeral one).
    init(bind address: SocketAddress, receiveBuffer: Int32 = 2_179_072) throws(SocketError) {
        let fd = socket(address.isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", code: errno) }
        var size = receiveBuffer
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var priority: Int32 = 6
        _ = setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &priority, socklen_t(MemoryLayout<Int32>.size))
        let result = address.withSockAddr { Glibc.bind(fd, $0, $1) }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SocketError(operation: "bind \(address)", code: code)
        }
        self.fd = fd
    }

    /// Closes the socket; call once, from the owning thread.
    func close() { _ = Glibc.close(fd) }

    /// Connects the socket to `peer` (sends then need no address; ICMP errors are reported).
    func connect(to peer: SocketAddress) throws(SocketError) {
        let result = peer.withSockAddr { Glibc.connect(fd, $0, $1) }
        guard result == 0 else { throw SocketError(operation: "connect \(peer)", code: errno) }
    }

    /// Sends on a connected socket; returns the errno on failure (never throws on the hot path).
    func send(_ bytes: [UInt8]) -> Int32? {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        return sent < 0 ? errno : nil
    }

    /// Receives one datagram if one is waiting.
    func receive(into buffer: inout [UInt8]) -> (count: Int, from: SocketAddress?)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT) | Int32(MSG_TRUNC), $0, &length)
                }
            }
        }
        guard count >= 0 else { return nil }
        return (count, SocketAddress(storage: storage))
    }

    /// Takes the pending socket error (`SO_ERROR`), if any.
    func takeError() -> Int32? {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0, code != 0 else { return nil }
        return code
    }

    /// Drains anything readable on a send-only socket (errors surface through reads too).
    func drainErrors() -> Int32? {
        var scratch = [UInt8](repeating: 0, count: 64)
        let received = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if received < 0, errno != EAGAIN, errno != EWOULDBLOCK { return errno }
        return takeError()
    }
}
