extension TotemConfig {
    static let transports = ["udpu", "udp", "knet"]
    static let ciphers = ["none", "aes256", "aes192", "aes128"]
    static let hashes = ["none", "md5", "sha1", "sha256", "sha384", "sha512"]

    /// `version`, `transport` and crypto: what corosync accepts, narrowed to what this engine runs.
    static func checkSupported(_ reader: ConfigReader) throws(ConfigError) {
        guard reader.u32("totem.version") == 2 else {
            throw reader.error(
                .unsupportedVersion, "totem.version", "expected 2 (this totem parser can only parse version 2 configurations)")
        }
        let transport = try reader.choice("totem.transport", transports, code: .invalidTransport) ?? "knet"
        guard transport == "udpu" else {
            let given = reader.string("totem.transport") == nil ? " (the default when transport is not set)" : ""
            throw reader.error(
                .unsupportedTransport, "totem.transport",
                "expected udpu: transport \(transport)\(given) is not supported yet", value: transport)
        }
        let cipher = try reader.choice("totem.crypto_cipher", ciphers, code: .invalidCrypto) ?? "none"
        let hash = try reader.choice("totem.crypto_hash", hashes, code: .invalidCrypto) ?? "none"
        if cipher != "none" {
            throw reader.error(.unsupportedCrypto, "totem.crypto_cipher", "expected none: encryption is not supported on udpu")
        }
        if hash != "none" {
            throw reader.error(.unsupportedCrypto, "totem.crypto_hash", "expected none: authentication is not supported on udpu")
        }
        if let secauth = reader.string("totem.secauth"), secauth == "on" {
            throw reader.error(
                .unsupportedCrypto, "totem.secauth", "expected off: secauth on means aes256/sha256, not supported on udpu")
        }
    }

    /// `totem.interface.*` on udpu: one link (0), no ttl, a non-zero port. Returns the port.
    static func checkInterfaces(_ reader: ConfigReader) throws(ConfigError) -> UInt16 {
        for entry in reader.config.entries(withPrefix: "totem.interface.") {
            let parts = entry.key.split(separator: ".")
            if parts[2] != "0" {
                throw ConfigError(
                    .badInterface, file: reader.file, line: entry.line, key: "totem.interface.\(parts[2])",
                    expected: "expected only link 0: udpu has one interface", value: String(parts[2]))
            }
            if parts.count == 4, parts[3] == "ttl" {
                throw reader.error(.badInterface, entry.key, "expected no ttl: it can only be set on multicast transports")
            }
        }
        let port = reader.u16("totem.interface.0.mcastport") ?? 5405
        if port == 0 {
            throw reader.error(.badInterface, "totem.interface.0.mcastport", "expected a port from 1 to 65535")
        }
        return port
    }
}
