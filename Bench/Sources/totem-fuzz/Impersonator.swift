import Glibc
import Totem

/// One UDP socket per nodelist node, bound to that node's address and port 0: a datagram sent
/// on node 2's socket reaches a totemd with node 2's source address, which udpu accepts as
/// node 2's (the transport checks the source host, not the port).
final class Impersonator {
    private var sockets: [NodeID: Int32] = [:]
    private var targets: [NodeID: sockaddr_in] = [:]
    /// The local ports of this fuzzer's sockets, so that the sniffer can skip its own datagrams.
    private(set) var ports: Set<UInt16> = []
    /// Datagrams the kernel accepted.
    private(set) var sent = 0
    /// Datagrams the kernel refused (a full send buffer, mostly).
    private(set) var failed = 0

    /// Binds a socket to every node's address; fails when one cannot be bound.
    init(ring: FuzzRing) throws(FuzzError) {
        for node in ring.nodes {
            guard let address = Self.address(node.host, port: ring.port) else {
                throw FuzzError("node \(node.id): \(node.host) is not an IPv4 address")
            }
            targets[node.id] = address
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw FuzzError("socket: errno \(errno)") }
            sockets[node.id] = fd
            var local = address
            local.sin_port = 0
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                let code = errno
                close()
                throw FuzzError("cannot bind to \(node.host) (node \(node.id)): \(String(cString: strerror(code)))")
            }
            ports.insert(Self.localPort(fd))
        }
    }

    deinit { close() }

    /// Sends `bytes` from `source`'s address to `target`'s totem port.
    func send(_ bytes: [UInt8], from source: NodeID, to target: NodeID) {
        guard let fd = sockets[source], var address = targets[target] else { return }
        let result = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    let length = socklen_t(MemoryLayout<sockaddr_in>.size)
                    return sendto(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, length)
                }
            }
        }
        if result < 0 { failed += 1 } else { sent += 1 }
    }

    /// Starts counting from zero (one attack's figures).
    func resetCounts() {
        sent = 0
        failed = 0
    }

    /// Closes every socket; safe to call twice.
    func close() {
        for fd in sockets.values { _ = Glibc.close(fd) }
        sockets = [:]
    }

    /// `host:port` as a `sockaddr_in`, or nil when `host` is not dotted-quad IPv4.
    static func address(_ host: String, port: UInt16) -> sockaddr_in? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        return address
    }

    private static func localPort(_ fd: Int32) -> UInt16 {
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: local.sin_port)
    }
}
