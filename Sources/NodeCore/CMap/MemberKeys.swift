import CMap
import Totem

/// `runtime.members.<nodeid>.*` as corosync keeps them (Docs/ServicesWire.md §9.5): on every
/// regular configuration each node that joined gets `ip` (`r(0) ip(<addr>) `, with the trailing
/// space), `join_count` (1 on the first join, +1 on each rejoin) and `status` `joined`; each
/// node that left gets `status` `left`. `config_version` (u64) comes, as in corosync, from the
/// `totem.config_version` each member sends in cmap's sync message (0 when it has none). Entries
/// are never removed, not even for a node a reload took out of the nodelist: a stock corosync
/// 3.1.7 keeps such a node's entries with `status` `left` too (checked by
/// MixedNodelistReloadTests, whichever comes first, the reload or the node leaving).
public struct MemberKeys: Sendable {
    private var joinCounts: [NodeID: UInt32] = [:]
    private var addresses: [NodeID: String]

    /// Tracks the members of a node configured by `configuration` (addresses from its nodelist).
    public init(configuration: TotemConfig) {
        addresses = Self.addresses(of: configuration)
    }

    /// Tracks members whose ring0 addresses are `addresses`.
    public init(addresses: [NodeID: String]) {
        self.addresses = addresses
    }

    /// Each node's ring0 address in `configuration`'s nodelist.
    public static func addresses(of configuration: TotemConfig) -> [NodeID: String] {
        Dictionary(
            configuration.nodes.map { ($0.nodeID, $0.address.description) }, uniquingKeysWith: { first, _ in first })
    }

    /// Takes a reloaded nodelist: the `ip` of a node added by the reload is known when it joins.
    public mutating func reload(configuration: TotemConfig) {
        addresses.merge(Self.addresses(of: configuration)) { _, new in new }
    }

    /// The key change for a delivered service message: a cmap MCAST (service 0, function 0)
    /// from `sender` carrying `totem.config_version` sets `runtime.members.<sender>.config_version`
    /// (corosync's `message_handler_req_exec_cmap_mcast`). Anything else changes nothing.
    ///
    /// ```
    /// header(16) | u8 reason(+7) | u8 no_items(+7) | reserved(16) | items:
    /// u16 key_len(+6) | key[256] | u8 type(+7) | u64 value_len | value (padded to 8)
    /// ```
    public func changes(forServiceMessage payload: [UInt8], from sender: NodeID) -> [CMapUpdate] {
        guard let header = try? ServiceHeader.decode(payload), header.service == 0, header.function == 0 else {
            return []
        }
        guard payload.count >= 48 else { return [] }
        let items = Int(payload[24])
        var offset = 48
        for _ in 0..<items {
            guard offset + 280 <= payload.count else { return [] }
            let keyLength = min(Int(Self.integer(payload, at: offset, size: 2)), 256)
            let key = String(decoding: payload[(offset + 8)..<(offset + 8 + keyLength)], as: UTF8.self)
            let type = payload[offset + 264]
            let valueLength = Int(clamping: Self.integer(payload, at: offset + 272, size: 8))
            guard valueLength <= 16 * 1024, offset + 280 + valueLength <= payload.count else { return [] }
            if key == "totem.config_version" {
                let version = type == 8 && valueLength == 8 ? Self.integer(payload, at: offset + 280, size: 8) : 0
                return [.set("runtime.members.\(sender.rawValue).config_version", .uint64(version))]
            }
            offset += (280 + valueLength + 7) / 8 * 8
        }
        return []
    }

    private static func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    /// The key changes for a regular configuration; transitional ones change nothing.
    public mutating func changes(for change: ConfigurationChange) -> [CMapUpdate] {
        guard change.kind == .regular else { return [] }
        var result: [CMapUpdate] = []
        for node in change.joined.sorted() {
            let count = (joinCounts[node] ?? 0) + 1
            joinCounts[node] = count
            let prefix = "runtime.members.\(node.rawValue)."
            result.append(.set(prefix + "ip", .string("r(0) ip(\(addresses[node] ?? "unknown")) ")))
            result.append(.set(prefix + "join_count", .uint32(count)))
            result.append(.set(prefix + "status", .string("joined")))
        }
        for node in change.left.sorted() where joinCounts[node] != nil {
            result.append(.set("runtime.members.\(node.rawValue).status", .string("left")))
        }
        return result
    }
}
