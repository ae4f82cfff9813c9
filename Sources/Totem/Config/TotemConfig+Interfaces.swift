extension TotemConfig {
    /// The links corosync has for udpu (`get_interface_params`, `put_nodelist_members_to_config`
    /// and `totem_config_validate` in `exec/totemconfig.c`): a key `totem.interface.<L>.<x>`
    /// configures link `atoi(L)`, a node's `ring<L>_addr` link L; links go from 0 to 7 and
    /// udpu has only one. Link 0's ttl and knet_link_priority must stay 1, its knet_transport be
    /// udp or sctp, its mcastaddr an address (`configure_link_params` makes a priority of 0 a 1).
    /// Returns the port: `mcastport`, or 5405 when it is absent or 0 (`configure_link_params`).
    static func checkInterfaces(
        _ reader: ConfigReader, ipVersion: IPVersion, resolver: some AddressResolver
    ) throws(ConfigError) -> UInt16 {
        var links: [UInt32: ConfigEntry] = [:]
        for entry in reader.config.entries(withPrefix: "totem.interface.") {
            let rest = entry.key.dropFirst("totem.interface.".count)
            guard let dot = rest.firstIndex(of: "."), dot != rest.startIndex, rest.index(after: dot) != rest.endIndex
            else { continue }
            // An interface section's link is blamed on its linknumber line.
            var blamed = entry
            blamed.line = reader.config.sectionLines["totem.interface.\(rest[..<dot])"] ?? entry.line
            try addLink(cAtoi(rest[..<dot]), blamed, to: &links, reader)
        }
        for entry in reader.config.entries(withPrefix: "nodelist.node.") {
            let parts = entry.key.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, UInt32(parts[2]) != nil, parts[3].hasPrefix("ring"), parts[3].hasSuffix("_addr")
            else { continue }
            let digits = parts[3].dropFirst(4).dropLast(5)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            try addLink(UInt32(digits) ?? UInt32.max, entry, to: &links, reader)
        }
        if let (link, entry) = links.filter({ $0.key != 0 }).min(by: { $0.key < $1.key }) {
            throw ConfigError(
                .badInterface, file: reader.file, line: entry.line, key: entry.key,
                expected: "expected only link 0: udpu has one interface (this configures link \(link))", value: nil)
        }
        let prefix = "totem.interface.0."
        if let ttl = reader.integer(prefix + "ttl"), ttl != 1 {
            throw reader.error(
                .badInterface, prefix + "ttl", "expected ttl 1: it can only be set on multicast transports")
        }
        if let priority = reader.integer(prefix + "knet_link_priority"), priority > 1 {
            throw reader.error(
                .badInterface, prefix + "knet_link_priority", "expected 1: link priority can only be set on knet")
        }
        _ = try reader.choice(prefix + "knet_transport", ["udp", "sctp"], code: .badInterface)
        if let address = reader.string(prefix + "mcastaddr"), ipVersion.pick(address, resolver: resolver) == nil {
            throw reader.error(.badInterface, prefix + "mcastaddr", "expected \(ipVersion.expectation)")
        }
        let port = reader.u16(prefix + "mcastport") ?? 0
        return port == 0 ? 5405 : port
    }

    private static func addLink(
        _ link: UInt32, _ entry: ConfigEntry, to links: inout [UInt32: ConfigEntry], _ reader: ConfigReader
    ) throws(ConfigError) {
        guard link < 8 else {
            throw ConfigError(
                .badInterface, file: reader.file, line: entry.line, key: entry.key,
                expected: "expected a link number from 0 to 7", value: String(link))
        }
        if links[link] == nil { links[link] = entry }
    }

    /// C's `atoi` on a key part (no blanks there): an optional sign and the leading digits;
    /// stored in an unsigned int as corosync does.
    static func cAtoi(_ text: Substring) -> UInt32 {
        var rest = text[...]
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        var value: UInt32 = 0
        for character in rest.prefix(while: { $0.isASCII && $0.isNumber }) {
            value = value &* 10 &+ UInt32(character.asciiValue! - 48)
        }
        return negative ? 0 &- value : value
    }
}
