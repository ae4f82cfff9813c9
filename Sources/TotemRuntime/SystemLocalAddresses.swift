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

extension SystemLocalAddresses {
    /// True when the user database has `name` (`getpwnam_r`, as corosync's `uid_determine`).
    public func hasUser(_ name: String) -> Bool {
        Self.lookUp { buffer, size in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let status = getpwnam_r(name, &entry, buffer, size, &result)
            return (status, result != nil)
        }
    }

    /// True when the group database has `name` (`getgrnam_r`, as corosync's `gid_determine`).
    public func hasGroup(_ name: String) -> Bool {
        Self.lookUp { buffer, size in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            let status = getgrnam_r(name, &entry, buffer, size, &result)
            return (status, result != nil)
        }
    }

    /// Runs a `get*nam_r` call with a buffer that grows while it answers `ERANGE`.
    private static func lookUp(_ call: (UnsafeMutablePointer<CChar>, Int) -> (Int32, Bool)) -> Bool {
        var size = 1024
        while size <= 1 << 20 {
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            let (status, found) = call(buffer, size)
            if status != ERANGE { return status == 0 && found }
            size *= 2
        }
        return false
    }
}
