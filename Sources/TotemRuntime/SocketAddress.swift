import Totem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A numeric IPv4 or IPv6 address with a UDP port, convertible to a `sockaddr_storage`.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address as text (`10.0.0.1`, `fe80::1`).
    public let host: String
    /// The UDP port.
    public let port: UInt16
    /// True for IPv6.
    public let isIPv6: Bool
    let storage: [UInt8]

    /// Parses a numeric IPv4 or IPv6 address; returns nil for anything else (no name lookup).
    public init?(host: String, port: UInt16) {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            self.init(host: host, port: port, isIPv6: false, raw: withUnsafeBytes(of: v4) { Array($0) })
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            self.init(host: host, port: port, isIPv6: true, raw: withUnsafeBytes(of: v6) { Array($0) })
            return
        }
        return nil
    }

    private init(host: String, port: UInt16, isIPv6: Bool, raw: [UInt8]) {
        self.host = host
        self.port = port
        self.isIPv6 = isIPv6
        self.storage = raw
    }

    /// Reads an address the kernel filled in (from `recvfrom`).
    init?(storage: sockaddr_storage) {
        var copy = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let v4 = withUnsafeBytes(of: &copy) { $0.load(as: sockaddr_in.self) }
            var addr = v4.sin_addr
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &addr, &text, socklen_t(text.count)) != nil else { return nil }
            self.init(host: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                      port: UInt16(bigEndian: v4.sin_port))
        case AF_INET6:
            let v6 = withUnsafeBytes(of: &copy) { $0.load(as: sockaddr_in6.self) }
            var addr = v6.sin6_addr
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count)) != nil else { return nil }
            self.init(host: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                      port: UInt16(bigEndian: v6.sin6_port))
        default:
            return nil
        }
    }

    /// The same host with another port.
    public func with(port: UInt16) -> SocketAddress { SocketAddress(host: host, port: port)! }

    /// Calls `body` with a pointer to the `sockaddr` and its length.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        storage.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// `host:port` (`[host]:port` for IPv6).
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
