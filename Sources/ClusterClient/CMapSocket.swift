import ClusterIPC
import Glibc

/// A blocking Unix stream connection to totemd's socket, for ``CMapClient``.
struct CMapSocket: ~Copyable {
    let fd: Int32
    private var decoder = IPCFrameDecoder()

    /// Connects to `path`; replies must arrive within `timeout`.
    init(path: String, timeout: Duration) throws(TotemdClientError) {
        fd = try TotemdClient.connect(to: path, timeout: timeout)
    }

    deinit { close(fd) }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws(TotemdClientError) {
        try TotemdClient.sendAll(fd, bytes)
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
