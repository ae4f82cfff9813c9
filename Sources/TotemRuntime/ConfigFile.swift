import Totem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading corosync.conf from disk (the I/O half of ``TotemConfig/load(_:file:resolver:localAddresses:nodeID:)``).
public enum ConfigFile {
    /// The bytes of the file at `path` as text (invalid UTF-8 repaired).
    ///
    /// Reading stops just after the first line longer than corosync's line buffer: the parser
    /// refuses that line whatever follows, so a 100 MB one-line file costs 64 KiB of reading,
    /// not 100 MB of memory (the error then says "got 512 or more").
    public static func read(_ path: String) throws(ConfigError) -> String {
        guard let handle = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw ConfigError(
                .unreadableFile, file: path, line: 0, key: nil, expected: "can't read file: \(reason)", value: nil)
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var lineLength = 0
        reading: while true {
            let count = fread(&chunk, 1, chunk.count, handle)
            for index in 0..<count {
                if chunk[index] == UInt8(ascii: "\n") {
                    lineLength = 0
                    continue
                }
                lineLength += 1
                if lineLength > ConfigParser.maximumLineLength {
                    bytes += chunk[0...index]
                    break reading
                }
            }
            bytes += chunk.prefix(count)
            if count < chunk.count { break }
        }
        if ferror(handle) != 0 {
            throw ConfigError(
                .unreadableFile, file: path, line: 0, key: nil, expected: "can't read file: read error", value: nil)
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
