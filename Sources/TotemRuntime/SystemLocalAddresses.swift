import Totem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This machine's node name (`uname`) and interface addresses (`getifaddrs`), read once when
/// made, for finding the local node of a nodelist.
public struct SystemLocalAddresses: LocalAddressProvider, Hashable, Sendable {
    /// `uname -n`.
    public let nodeName: String
    /// Every IPv4 and IPv6 address of every interface, numeric.
    public let addresses: [String]

    /// Reads the node name and the interface addresses now.
    public init() {
        var names = utsname()
        uname(&names)
        nodeName = withUnsafeBytes(of: &names.nodename) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        var result: [String] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        if getifaddrs(&list) == 0, let first = list {
            defer { freeifaddrs(first) }
            var cursor: UnsafeMutablePointer<ifaddrs>? = first
            while let entry = cursor {
                if let address = entry.pointee.ifa_addr {
                    let family = Int32(address.pointee.sa_family)
                    let length: Int? =
                        family == AF_INET
                        ? MemoryLayout<sockaddr_in>.size
                        : family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : nil
                    if let length, let text = numericHost(address, length: socklen_t(length)), !result.contains(text) {
                        result.append(text)
                    }
                }
                cursor = entry.pointee.ifa_next
            }
        }
        addresses = result
    }
}
