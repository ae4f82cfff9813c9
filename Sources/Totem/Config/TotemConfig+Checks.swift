extension TotemConfig {
    static let transports = ["udpu", "udp", "knet"]
    static let ciphers = ["none", "aes256", "aes192", "aes128"]
    static let hashes = ["none", "md5", "sha1", "sha256", "sha384", "sha512"]
    /// `netmtu` values a totem packet can use: its budget (`netmtu` minus two MCAST headers,
    /// ``TotemParameters/packetBudget``) must hold a totempg header, a length and a byte, and
    /// fit an MCAST frame.
    static let netMTURange =
        (2 * Mcast.headerSize + FramePacker.minBudget)...(2 * Mcast.headerSize + FramePacker.maxBudget)

    /// `version`, `transport` and crypto: what corosync accepts, narrowed to what this engine runs.
    ///
    /// As corosync's `totem_get_crypto`: `secauth: on` means aes256/sha256, a known
    /// `crypto_cipher`/`crypto_hash` overrides it, an unknown one (only a top-level
    /// `totem.crypto_cipher:` line can hold one: the parser refuses it in `totem {}`) is ignored.
    static func checkSupported(_ reader: ConfigReader) throws(ConfigError) {
        guard reader.u32("totem.version") == 2 else {
            throw reader.error(
                .unsupportedVersion, "totem.version",
                "expected 2 (this totem parser can only parse version 2 configurations)")
        }
        let transport = try reader.choice("totem.transport", transports, code: .invalidTransport) ?? "knet"
        guard transport == "udpu" else {
            let given = reader.string("totem.transport") == nil ? " (the default when transport is not set)" : ""
            throw reader.error(
                .unsupportedTransport, "totem.transport",
                "expected udpu: transport \(transport)\(given) is not supported yet", value: transport)
        }
        if reader.string("totem.crypto_model") == "none" {
            throw reader.error(.invalidCrypto, "totem.crypto_model", "expected a crypto_model other than none")
        }
        var cipher = (key: "totem.secauth", value: "none")
        var hash = cipher
        if reader.string("totem.secauth") == "on" {
            cipher.value = "aes256"
            hash.value = "sha256"
        }
        if let given = reader.string("totem.crypto_cipher"), ciphers.contains(given) {
            cipher = ("totem.crypto_cipher", given)
        }
        if let given = reader.string("totem.crypto_hash"), hashes.contains(given) {
            hash = ("totem.crypto_hash", given)
        }
        let chosen = [(cipher.key, cipher.value, "encryption"), (hash.key, hash.value, "authentication")]
        for (setting, value, what) in chosen where value != "none" {
            let expected =
                setting == "totem.secauth"
                ? "expected off: secauth on means aes256/sha256, not supported on udpu"
                : "expected none: \(what) is not supported on udpu"
            throw reader.error(.unsupportedCrypto, setting, expected)
        }
    }

    /// `totem.netmtu`: 0 or absent means 1500; corosync takes any value, this engine only what
    /// its packets can use (``netMTURange``).
    static func checkNetMTU(_ reader: ConfigReader) throws(ConfigError) -> Int {
        guard let given = reader.u32("totem.netmtu"), given != 0 else { return 1500 }
        guard netMTURange.contains(Int(given)) else {
            throw reader.error(
                .invalidNetMTU, "totem.netmtu",
                "expected 0 (1500) or \(netMTURange.lowerBound) to \(netMTURange.upperBound): a totem packet of "
                    + "netmtu - \(2 * Mcast.headerSize) bytes must hold its headers and fit a frame "
                    + "(corosync accepts it)")
        }
        return Int(given)
    }
}
