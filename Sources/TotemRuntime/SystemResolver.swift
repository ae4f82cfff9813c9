import Totem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves host names with `getaddrinfo` (so `/etc/hosts`, DNS and nsswitch apply), as
/// corosync's `totemip_parse` does.
public struct SystemResolver: AddressResolver, Sendable {
    /// Makes a resolver.
    public init() {}

    /// The distinct numeric addresses of `name`, in getaddrinfo's order.
    public func addresses(of name: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        #else
        hints.ai_socktype = SOCK_DGRAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var result: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let address = info.pointee.ai_addr, let text = numericHost(address, length: info.pointee.ai_addrlen),
                !result.contains(text)
            {
                result.append(text)
            }
            cursor = info.pointee.ai_next
        }
        return result
    }
}

/// The numeric text of a socket address (`getnameinfo` with `NI_NUMERICHOST`), zone suffix
/// included for link-local IPv6.
func numericHost(_ address: UnsafePointer<sockaddr>, length: socklen_t) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
    guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else {
        return nil
    }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
