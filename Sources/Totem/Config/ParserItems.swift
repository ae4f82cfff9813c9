/// `key: value` lines, by the kind of the section they are in (corosync's `PARSER_CB_ITEM`).
extension ParserState {
    /// Values corosync checks as it reads them, by item path.
    static let choices: [String: (code: ConfigError.Code, values: [String])] = [
        "totem.ip_version": (.invalidIPVersion, ["ipv4", "ipv6", "ipv6-4", "ipv4-6"]),
        // The crypto and compression models libknet offers (Debian 12's libknet 1.25).
        "totem.crypto_model": (.invalidCrypto, ["nss", "openssl"]),
        "totem.crypto_cipher": (.invalidCrypto, ["none", "aes256", "aes192", "aes128"]),
        "totem.crypto_hash": (.invalidCrypto, ["none", "md5", "sha1", "sha256", "sha384", "sha512"]),
        "totem.knet_compression_model": (.invalidChoice, ["zlib", "lz4", "lz4hc", "lzo2", "lzma", "bzip2", "zstd"]),
        "system.qb_ipc_type": (.invalidChoice, ["native", "shm", "socket"]),
        "system.sched_rr": (.invalidChoice, ["yes", "no"]),
        "system.move_to_root_cgroup": (.invalidChoice, ["yes", "no", "auto"]),
        "system.allow_knet_handle_fallback": (.invalidChoice, ["yes", "no"]),
    ]

    mutating func item(key: ArraySlice<UInt8>, value: ArraySlice<UInt8>, line: Int) throws(ConfigError) {
        let frame = stack[stack.count - 1]
        guard frame.path.count + key.count + 1 <= ConfigParser.maximumPathLength else {
            throw error(
                .pathTooLong, line, key: frame.pathText, "new key makes total cmap path too long",
                ConfigText.printable(bytes: key))
        }
        let path = frame.path.isEmpty ? Array(key) : frame.path + [Byte.dot] + key
        let pathText = ConfigText.decode(path)
        let keyText = ConfigText.decode(key)
        let type = ConfigKeyTypes.type(in: frame.state, path: pathText, key: keyText)
        let entry = RawItem(key: Array(key), value: Array(value), line: line)
        switch frame.state {
        case .interface
        where pathText == "totem.interface." + keyText && ConfigKeyTypes.interfaceTypes[keyText] != nil:
            try checkType(type, entry, key: pathText)
            if keyText == "linknumber" {
                interface.link = UInt8(ConfigKeyTypes.interfaceTypes[keyText]!.integer(from: entry.text)!)
                interface.linkLine = line
            } else {
                interface.items[keyText] = entry
            }
        case .loggerSubsys, .loggingDaemon:
            logging.add(entry, daemon: frame.state == .loggingDaemon)
        case .uidgid:
            try uidgid(entry)
        case .member:
            guard keyText == "memberaddr" else {
                throw error(
                    .notKeyValue, line, key: ConfigText.printable(bytes: path), "expected only memberaddr in member",
                    entry.printable)
            }
            interface.members.append(entry)
        case .nodelistNode:
            let name = Array("nodelist.node.\(nodeNumber).".utf8) + key
            try checkType(type, entry, key: ConfigText.printable(bytes: name))
            try store(name, entry, type: type, prefixFault: nil)
        default:
            try checkType(type, entry, key: pathText)
            if let choice = Self.choices[pathText], frame.state == .totem || frame.state == .system,
                !choice.values.contains(entry.text)
            {
                throw error(
                    choice.code, line, key: pathText, "expected one of " + choice.values.joined(separator: ", "),
                    entry.printable)
            }
            let section = stack.first { $0.name.contains { !Byte.isKeyCharacter($0) } }
            try store(path, entry, type: type, prefixFault: section.map { ($0.name, $0.line, "section name") })
        }
    }

    private func checkType(_ type: CmapValueType, _ entry: RawItem, key: String) throws(ConfigError) {
        guard type.accepts(entry.text) else {
            throw ConfigKeyTypes.rangeError(file: file, line: entry.line, key: key, value: entry.printable, type: type)
        }
    }

    /// `uid: U` / `gid: G`: a number (0 to 2^32 - 1) or a user or group of this machine, as
    /// corosync's `uid_determine`/`gid_determine`; kept as `uidgid.uid.U` / `uidgid.gid.G`.
    private mutating func uidgid(_ entry: RawItem) throws(ConfigError) {
        let key = ConfigText.decode(entry.key)
        guard key == "uid" || key == "gid" else {
            throw error(
                .badUidGid, entry.line, key: "uidgid.\(key)", "uidgid: expected only uid and gid items",
                entry.printable)
        }
        let name = entry.text
        let numeric = !name.isEmpty && CNumber.signed(name).map { (0...Int64(UInt32.max)).contains($0) } == true
        guard numeric || (key == "uid" ? accounts.user(name) : accounts.group(name)) else {
            let kind = key == "uid" ? "user" : "group"
            throw error(
                .unknownAccount, entry.line, key: "uidgid.\(key)",
                "expected a \(kind) of this machine or a number (corosync looks the \(kind) up)", entry.printable)
        }
        let stored = ConfigEntry(key: "uidgid.\(key).\(name)", value: "1", line: entry.line)
        config.insert(stored, type: .str, display: nil)
    }

    /// Stores `entry` under `key` as corosync's `icmap_set` would, refusing a name cmap cannot
    /// hold. `prefixFault` is where the key's prefix came from (a section name, a subsys...),
    /// blamed when the first bad character is there.
    mutating func store(
        _ key: [UInt8], _ entry: RawItem, type: CmapValueType, prefixFault: ([UInt8], Int, String)?
    ) throws(ConfigError) {
        let key = Array(key.prefix(ConfigParser.maximumPathLength))
        let keyText = ConfigText.printable(bytes: key)
        guard key.count >= 3 else {
            throw error(
                .invalidKeyName, entry.line, key: keyText,
                "expected a cmap key name of at least 3 characters with its section path", entry.printableKey)
        }
        guard key.allSatisfy(Byte.isKeyCharacter) else {
            let valid = "of a-z A-Z 0-9 . _ - / : only"
            if let (text, line, what) = prefixFault, !text.allSatisfy(Byte.isKeyCharacter) {
                throw error(
                    .invalidKeyName, line, key: keyText,
                    "expected a \(what) \(valid) (cmap cannot store the key of line \(entry.line) under it)",
                    ConfigText.printable(bytes: text))
            }
            throw error(.invalidKeyName, entry.line, key: keyText, "expected a key name \(valid)", entry.printableKey)
        }
        let display = ConfigText.isValidUTF8(entry.value) ? nil : entry.printable
        let stored = ConfigEntry(key: ConfigText.decode(key), value: entry.text, line: entry.line)
        config.insert(stored, type: type, display: display)
    }
}

/// A `key: value` line as read.
struct RawItem {
    var key: [UInt8]
    var value: [UInt8]
    var line: Int

    /// The value as a string (bytes that are not UTF-8 become U+FFFD).
    var text: String { ConfigText.decode(value) }
    /// The value as errors show it.
    var printable: String { ConfigText.printable(bytes: value) }
    /// The key as errors show it.
    var printableKey: String { ConfigText.printable(bytes: key) }
}
