import ClusterIPC
import Foundation
import Glibc
import TestSupport

/// A plain blocking Unix stream socket for feeding the server arbitrary bytes.
final class RawUnixSocket: Sendable {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        // Generous: under a full parallel `swift test` on two cores the server's tasks can be
        // starved while synchronous tests hold both cooperative threads (a 5 s limit failed
        // once, 60 s failed in three CI dry runs of this change); a hang still ends the test.
        // As `IPCServerTests.patientTimeout`.
        var limit = timeval(tv_sec: 400, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw RawSocketError.connect(errno)
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `count` frames arrived or the peer closed; returns the frames and whether
    /// the stream ended.
    func readFrames(_ count: Int) throws -> (frames: [IPCFrame], closed: Bool) {
        var decoder = IPCFrameDecoder()
        var frames: [IPCFrame] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while frames.count < count {
            while let frame = try decoder.next() { frames.append(frame) }
            if frames.count >= count { break }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return (frames, true) }
            guard n > 0 else { throw RawSocketError.read(errno) }
            decoder.append(buffer[0..<n])
        }
        return (frames, false)
    }

    /// True when the peer closes the connection within the receive timeout. A server that
    /// closes with our request still unread (a peer refused at accept) makes Linux report
    /// ECONNRESET instead of end-of-file: closed all the same.
    func closedByPeer() -> Bool {
        var byte: UInt8 = 0
        let count = read(fd, &byte, 1)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }
}
