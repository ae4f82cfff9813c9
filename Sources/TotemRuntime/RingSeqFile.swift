import Totem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// corosync's `ringid_<nodeid>` file in the state directory: exactly 8 bytes, the ring seq as a
/// host-order (little-endian) u64, mode 0600 (spec/totem-wire.md §9).
public struct RingSeqFile: Sendable {
    /// The file's path.
    public let path: String

    /// The file for `nodeID` in `directory`.
    public init(directory: String, nodeID: NodeID) {
        path = directory + "/ringid_\(nodeID.rawValue)"
    }

    /// Reads the stored seq; a missing or short file is (re)created holding 0, as corosync does.
    public func load() throws(SocketError) -> UInt64 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            var value: UInt64 = 0
            let count = read(fd, &value, 8)
            if count == 8 { return UInt64(littleEndian: value) }
        }
        try store(0)
        return 0
    }

    /// Writes `seq` (truncate and write, then fsync), before the commit token is forwarded.
    public func store(_ seq: UInt64) throws(SocketError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SocketError(operation: "open \(path)", code: errno) }
        defer { close(fd) }
        var value = seq.littleEndian
        guard write(fd, &value, 8) == 8 else { throw SocketError(operation: "write \(path)", code: errno) }
        _ = fsync(fd)
    }
}
