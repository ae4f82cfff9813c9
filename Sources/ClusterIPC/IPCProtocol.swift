/// Constants of the totemd IPC protocol (see `Docs/IPC.md`).
///
/// Every frame on the Unix stream socket is, all integers little-endian:
///
/// ```
/// +------------+-------------+----------+----------------+-----------------+
/// | u32 length | u16 version | u16 kind | u32 request id | body            |
/// +------------+-------------+----------+----------------+-----------------+
///   length = 8 + body size (the bytes after the length field)
/// ```
public enum IPCProtocol {
    /// The protocol version this library speaks.
    public static let version: UInt16 = 1
    /// Size of the fixed header: length, version, kind and request id.
    public static let headerSize = 12
    /// Bytes counted by `length` that are not body: version, kind and request id.
    public static let lengthOverhead: UInt32 = 8
    /// The largest accepted `length` value (1 MiB); larger frames are refused.
    public static let maximumLength: UInt32 = 1 << 20
    /// The socket's file name inside the run directory.
    public static let socketName = "totemd.sock"
    /// The default run directory.
    public static let defaultRunDirectory = "/run/totemd"

    /// The socket path for a run directory (`<dir>/totemd.sock`).
    public static func socketPath(runDirectory: String) -> String {
        runDirectory.hasSuffix("/") ? runDirectory + socketName : runDirectory + "/" + socketName
    }
}
