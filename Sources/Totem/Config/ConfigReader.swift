/// Typed access to a ``ParsedConfig`` for building the model: values were already checked
/// against their cmap type by the parser, so the getters only convert.
struct ConfigReader {
    let config: ParsedConfig

    var file: String { config.file }

    func string(_ key: String) -> String? { config[key]?.value }

    /// The value of an integer key; nil when absent or stored as a string (corosync's
    /// `icmap_get_uint32` and the like fail on a string, and the caller takes its default).
    func integer(_ key: String) -> Int64? {
        guard let entry = config[key] else { return nil }
        return config.type(of: key).integer(from: entry.value)
    }

    /// The value of a u64 key (see ``integer(_:)``).
    func u64(_ key: String) -> UInt64? {
        guard let entry = config[key], config.type(of: key) == .u64 else { return nil }
        return CmapValueType.u64.unsignedInteger(from: entry.value)
    }

    func u32(_ key: String) -> UInt32? { integer(key).map { UInt32(truncatingIfNeeded: $0) } }

    func u16(_ key: String) -> UInt16? { integer(key).map { UInt16(truncatingIfNeeded: $0) } }

    func u8Flag(_ key: String) -> Bool? { integer(key).map { $0 != 0 } }

    /// An error located at `key` (or its closest section); `value` defaults to the key's value.
    func error(_ code: ConfigError.Code, _ key: String, _ expected: String, value: String? = nil) -> ConfigError {
        ConfigError(
            code, file: file, line: config.line(for: key), key: key, expected: expected,
            value: value ?? config.printableValue(of: key))
    }

    /// Reads a key that must be one of `choices`; nil when absent.
    func choice(
        _ key: String, _ choices: [String], code: ConfigError.Code = .invalidChoice
    ) throws(ConfigError)
        -> String?
    {
        guard let value = string(key) else { return nil }
        guard choices.contains(value) else {
            throw error(code, key, "expected one of \(choices.joined(separator: ", "))")
        }
        return value
    }

    /// Reads a `yes`/`no` key; nil when absent.
    func yesNo(_ key: String, code: ConfigError.Code = .invalidChoice) throws(ConfigError) -> Bool? {
        try choice(key, ["yes", "no"], code: code).map { $0 == "yes" }
    }

    /// Reads an `on`/`off` key; nil when absent.
    func onOff(_ key: String, code: ConfigError.Code = .invalidChoice) throws(ConfigError) -> Bool? {
        try choice(key, ["on", "off"], code: code).map { $0 == "on" }
    }
}
