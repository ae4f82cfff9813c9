import ClusterIPC
import Glibc

/// A blocking Unix stream connection to totemd's socket, for ``CMapClient``.
struct CMapSocket: ~Copyable {
    let fd: Int32
    private var decoder = IPCFrameDecoder()

    /// Connects to `path`; replies must arrive within `timeout`.
    init(path: String, timeout: Duration) throws(TotemdClientError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .connectFailed(socketPath: path, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connectFailed(socketPath: path, errno: errno) }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 {
            let code = errno
            close(fd)
            if code == ENOENT || code == ECONNREFUSED { throw .notRunning(socketPath: path) }
            throw .connectFailed(socketPath: path, errno: code)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws(TotemdClientError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw .timedOut
            } else {
                throw .disconnected
            }
        }
    }

    /// The next frame, waiting at most `wait` (nil: the socket's timeout) for bytes; nil when
    /// `wait` passed without a whole frame.
    mutating func nextFrame(wait: Duration?) throws(TotemdClientError) -> IPCFrame? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            do throws(IPCError) {
                if let frame = try decoder.next() { return frame }
            } catch {
                throw .malformedReply(error)
            }
            if let wait {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(clamping: wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
                let ready = poll(&poller, 1, milliseconds)
                if ready == 0 { return nil }
                if ready < 0 {
                    if errno == EINTR { return nil }
                    throw .disconnected
                }
            }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                decoder.append(buffer[0..<count])
            } else if count == 0 {
                throw .disconnected
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                throw .timedOut
            } else if errno != EINTR {
                throw .disconnected
            }
        }
    }
}
