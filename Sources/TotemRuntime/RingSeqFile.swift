import Synchronization
import Totem

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// corosync's `ringid_<nodeid>` file in the state directory: exactly 8 bytes, the ring seq as a
/// host-order (little-endian) u64, mode 0600 (Docs/TotemWire.md §9).
///
/// Each store opens the file afresh, as corosync does; a descriptor opened by ``load()`` is kept
/// in reserve and used only when that open fails for lack of descriptors (EMFILE/ENFILE), so a
/// flood of IPC clients cannot stop the ring at its next membership change.
public struct RingSeqFile: Sendable {
    /// The file's path.
    public let path: String
    private let reserve = ReserveDescriptor()

    /// The file for `nodeID` in `directory`.
    public init(directory: String, nodeID: NodeID) {
        path = directory + "/ringid_\(nodeID.rawValue)"
    }

    /// Reads the stored seq; a missing or short file is (re)created holding 0, as corosync does.
    public func load() throws(SocketError) -> UInt64 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        var stored: UInt64 = 0
        var valid = false
        if fd >= 0 {
            defer { close(fd) }
            var value: UInt64 = 0
            valid = read(fd, &value, 8) == 8
            stored = UInt64(littleEndian: value)
        }
        if !valid { try store(0) }
        reserve.keepOpen(path)
        return valid ? stored : 0
    }

    /// Writes `seq` (truncate and write, then fsync), before the commit token is forwarded.
    public func store(_ seq: UInt64) throws(SocketError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        var value = seq.littleEndian
        guard fd >= 0 else {
            let code = errno
            guard code == EMFILE || code == ENFILE, let spare = reserve.descriptor else {
                throw SocketError(operation: "open \(path)", code: code)
            }
            guard pwrite(spare, &value, 8, 0) == 8, ftruncate(spare, 8) == 0 else {
                throw SocketError(operation: "write \(path)", code: errno)
            }
            _ = fsync(spare)
            return
        }
        defer { close(fd) }
        guard write(fd, &value, 8) == 8 else { throw SocketError(operation: "write \(path)", code: errno) }
        _ = fsync(fd)
    }
}

/// The descriptor a ``RingSeqFile`` keeps open on its file, for stores when no descriptor can
/// be opened; closed when the last copy of the ring file goes.
final class ReserveDescriptor: Sendable {
    private let fd = Mutex<Int32>(-1)

    init() {}

    deinit { fd.withLock { if $0 >= 0 { close($0) } } }

    /// The open descriptor, if ``keepOpen(_:)`` succeeded.
    var descriptor: Int32? { fd.withLock { $0 >= 0 ? $0 : nil } }

    /// Opens `path` for writing once (later calls keep the first descriptor).
    func keepOpen(_ path: String) {
        fd.withLock { fd in
            if fd < 0 { fd = open(path, O_WRONLY | O_CLOEXEC) }
        }
    }
}
