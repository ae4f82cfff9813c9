#if canImport(CQB)
import Glibc

/// Whether another server already holds a service's abstract socket name in this network
/// namespace. Checked before libqb binds: libqb 2.0.6 closes its listening descriptor twice
/// when the bind fails, which in a threaded process may close another thread's descriptor.
enum LibQBNameProbe {
    /// libqb's switch to socket files in its run directory instead of abstract names.
    static let filesystemSocketsFlag = "/etc/libqb/force-filesystem-sockets"

    /// True when binding `"\0" + name` (NUL-padded to the whole `sun_path`, as libqb binds it)
    /// fails with `EADDRINUSE`.
    static func isTaken(_ name: String) -> Bool {
        if access(filesystemSocketsFlag, F_OK) == 0 { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in bytes.prefix(path.count - 1).enumerated() { path[index + 1] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result != 0 && errno == EADDRINUSE
    }
}
#endif
