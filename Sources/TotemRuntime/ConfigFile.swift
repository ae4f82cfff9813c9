import Totem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading corosync.conf from disk (the I/O half of
/// ``TotemConfig/load(bytes:file:resolver:localAddresses:nodeID:)``).
public enum ConfigFile {
    /// The bytes of the file at `path`, as the parser reads them.
    ///
    /// Reading stops just after the first line the parser must refuse as too long (511 bytes
    /// without a `\n`, not starting with a NUL), so a 100 MB one-line file costs 64 KiB of
    /// reading, not 100 MB of memory (the error then says "got 511 or more"). A 511-byte piece
    /// of a line that starts with a NUL, which corosync skips, is kept as a NUL and a `\n`: the
    /// parser skips it the same way, and such a file does not fill memory either.
    public static func read(_ path: String) throws(ConfigError) -> [UInt8] {
        guard let handle = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw ConfigError(
                .unreadableFile, file: path, line: 0, key: nil, expected: "can't read file: \(reason)", value: nil)
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var lineStart = 0
        let limit = ConfigParser.maximumLineLength + 1
        reading: while true {
            let count = fread(&chunk, 1, chunk.count, handle)
            for byte in chunk.prefix(count) {
                bytes.append(byte)
                if byte == UInt8(ascii: "\n") {
                    lineStart = bytes.count
                } else if bytes.count - lineStart == limit {
                    if bytes[lineStart] != 0 { break reading }
                    bytes.removeSubrange(lineStart...)
                    bytes += [0, UInt8(ascii: "\n")]
                    lineStart = bytes.count
                }
            }
            if count < chunk.count { break }
        }
        if ferror(handle) != 0 {
            throw ConfigError(
                .unreadableFile, file: path, line: 0, key: nil, expected: "can't read file: read error", value: nil)
        }
        return bytes
    }

    /// Reads, parses and validates the file at `path` with the system resolver and this
    /// machine's addresses, users and groups; errors name the file as `path` was given.
    public static func load(_ path: String, nodeID: NodeID? = nil) throws(ConfigError) -> TotemConfig {
        try TotemConfig.load(
            bytes: read(path), file: path, resolver: SystemResolver(), localAddresses: SystemLocalAddresses(),
            nodeID: nodeID)
    }
}
