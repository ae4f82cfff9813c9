import Totem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading corosync.conf from disk (the I/O half of ``TotemConfig/load(_:file:resolver:localAddresses:nodeID:)``).
public enum ConfigFile {
    /// The bytes of the file at `path` as text (invalid UTF-8 repaired).
    public static func read(_ path: String) throws(ConfigError) -> String {
        guard let handle = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw ConfigError(
                .unreadableFile, file: path, line: 0, key: nil, expected: "can't read file: \(reason)", value: nil)
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, handle)
            bytes += chunk.prefix(count)
            if count < chunk.count { break }
        }
        if ferror(handle) != 0 {
            throw ConfigError(.unreadableFile, file: path, line: 0, key: nil, expected: "can't read file: read error", value: nil)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads, parses and validates the file at `path` with the system resolver and this
    /// machine's addresses; errors name the file as `path` was given.
    public static func load(_ path: String, nodeID: NodeID? = nil) throws(ConfigError) -> TotemConfig {
        try TotemConfig.load(
            read(path), file: path, resolver: SystemResolver(), localAddresses: SystemLocalAddresses(), nodeID: nodeID)
    }
}
