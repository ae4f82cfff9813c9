import ClusterIPC
import Glibc

/// A blocking client of totemd's IPC socket, for tools: one connection per call.
///
/// ```swift
/// let client = TotemdClient(runDirectory: "/run/totemd")
/// let status = try client.ringStatus()
/// ```
public struct TotemdClient: Sendable {
    /// `<run-dir>/totemd.sock`.
    public let socketPath: String
    /// How long to wait for the reply.
    public var timeout: Duration

    /// A client of the daemon whose run directory is `runDirectory` (`--run-dir`).
    public init(runDirectory: String = IPCProtocol.defaultRunDirectory, timeout: Duration = .seconds(5)) {
        socketPath = IPCProtocol.socketPath(runDirectory: runDirectory)
        self.timeout = timeout
    }

    /// The ring's status (`cfgtool -s`).
    public func ringStatus() throws(TotemdClientError) -> RingStatusInfo {
        switch try call(.ringStatus) {
        case .ringStatus(let info): return info
        default: throw .malformedReply(.unknownKind(IPCKind.ringStatus.reply.rawValue))
        }
    }

    /// The nodelist with addresses and connection state (`cfgtool -n`).
    public func nodeList() throws(TotemdClientError) -> NodeListInfo {
        switch try call(.nodeList) {
        case .nodeList(let info): return info
        default: throw .malformedReply(.unknownKind(IPCKind.nodeList.reply.rawValue))
        }
    }

    /// The quorum state, votequorum's figures and the members (`quorumtool -s`, `-l`).
    public func quorumStatus() throws(TotemdClientError) -> QuorumStatusInfo {
        switch try call(.quorumStatus) {
        case .quorumStatus(let info): return info
        default: throw .malformedReply(.unknownKind(IPCKind.quorumStatus.reply.rawValue))
        }
    }

    /// Sets the cluster's expected votes (`quorumtool -e N`); votequorum's refusal is thrown as
    /// ``TotemdClientError/failed(_:message:)`` with `CS_ERR_INVALID_PARAM`.
    public func setExpectedVotes(_ expected: UInt32) throws(TotemdClientError) {
        _ = try call(.setExpectedVotes(expected))
    }

    /// Sets node `nodeID`'s votes (`quorumtool [-n N] -v V`); an unknown node is thrown as
    /// ``TotemdClientError/failed(_:message:)`` with `CS_ERR_NAME_NOT_FOUND`.
    public func setVotes(_ votes: UInt32, of nodeID: UInt32) throws(TotemdClientError) {
        _ = try call(.setVotes(nodeID: nodeID, votes: votes))
    }

    /// Asks the daemon to stop node `nodeID` (`cfgtool -k`); a node outside the ring is thrown as
    /// ``TotemdClientError/failed(_:message:)`` with `CS_ERR_NOT_EXIST`.
    public func killNode(_ nodeID: UInt32, reason: String) throws(TotemdClientError) {
        _ = try call(.killNode(nodeID: nodeID, reason: reason))
    }

    /// Asks the daemon to shut down cleanly (`cfgtool -H`, `--force`: ``ShutdownFlag/regardless``).
    public func shutdown(_ flag: ShutdownFlag) throws(TotemdClientError) {
        _ = try call(.shutdown(flag))
    }

    /// Sends `request` and waits for its reply; an error status is thrown as
    /// ``TotemdClientError/failed(_:message:)``.
    public func call(_ request: IPCRequest) throws(TotemdClientError) -> IPCReply {
        let fd = try connect()
        defer { close(fd) }
        let requestID = UInt32.random(in: 1...UInt32.max)
        try send(fd, request.frame(requestID: requestID).encoded())
        var decoder = IPCFrameDecoder()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var reply: IPCReply?
            do throws(IPCError) {
                if let frame = try decoder.next() {
                    // Request id 0 is the server's answer to a frame it could not read at all.
                    guard frame.requestID == requestID || frame.requestID == 0 else { continue }
                    reply = try IPCReply.decode(frame, for: request)
                }
            } catch {
                throw .malformedReply(error)
            }
            if let reply {
                if case .failure(let status, let message) = reply { throw .failed(status, message: message) }
                return reply
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

    /// A connected socket with the send and receive timeouts set to ``timeout``.
    func connect() throws(TotemdClientError) -> Int32 {
        try Self.connect(to: socketPath, timeout: timeout)
    }

    /// Connects a blocking Unix stream socket to `socketPath`, with send and receive timeouts of
    /// `timeout` (shared by this client and ``CMapClient``).
    static func connect(to socketPath: String, timeout: Duration) throws(TotemdClientError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { throw .connectFailed(socketPath: socketPath, errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connectFailed(socketPath: socketPath, errno: errno) }
        let seconds = timeout.components.seconds
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
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
            if code == ENOENT || code == ECONNREFUSED { throw .notRunning(socketPath: socketPath) }
            throw .connectFailed(socketPath: socketPath, errno: code)
        }
        return fd
    }

    /// Writes all of `bytes` to `fd`.
    func send(_ fd: Int32, _ bytes: [UInt8]) throws(TotemdClientError) {
        try Self.sendAll(fd, bytes)
    }

    /// Writes all of `bytes` to `fd` (shared by this client and ``CMapClient``).
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(TotemdClientError) {
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
}
