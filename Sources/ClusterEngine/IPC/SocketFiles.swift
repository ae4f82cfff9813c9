import Glibc

/// File-system chores around the server's socket: the run directory, a stale socket left by a
/// crashed daemon, the socket's mode.
enum SocketFiles {
    /// Creates `path` and its missing parents; directories it creates get mode 0755.
    static func makeDirectory(_ path: String) throws(IPCServerError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) == 0 {
                _ = chmod(current, 0o755)
            } else if errno != EEXIST {
                throw IPCServerError("cannot create run directory \(current): errno \(errno)")
            }
        }
    }

    /// Removes a socket file nobody listens on; refuses when a daemon answers at `path`.
    static func removeStale(_ path: String) throws(IPCServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw IPCServerError("\(path) exists and is not a socket")
        }
        if isListening(path) { throw IPCServerError("another totemd is running (it answers at \(path))") }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw IPCServerError("cannot remove stale socket \(path): errno \(errno)")
        }
    }

    /// Restricts the socket to its owner (root), or opens it to everyone (`mode` 0o666) when
    /// the peers' credentials decide (the cmap service's `uidgid` rules).
    static func restrict(_ path: String, mode: mode_t = 0o600) throws(IPCServerError) {
        guard chmod(path, mode) == 0 else { throw IPCServerError("cannot chmod \(path): errno \(errno)") }
    }

    /// Removes the socket file (at shutdown).
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    private static func isListening(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}
