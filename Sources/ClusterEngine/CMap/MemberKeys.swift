import CMap
import Totem

/// `runtime.members.<nodeid>.*` as corosync keeps them (services-wire.md §9.5): on every
/// regular configuration each node that joined gets `ip` (`r(0) ip(<addr>) `, with the trailing
/// space), `join_count` (1 on the first join, +1 on each rejoin), `status` `joined` and
/// `config_version` (u64); each node that left gets `status` `left`. Entries are never removed.
public struct MemberKeys: Sendable {
    private var joinCounts: [NodeID: UInt32] = [:]
    private let addresses: [NodeID: String]
    private let localConfigVersion: UInt64

    /// Tracks the members of a node configured by `configuration` (addresses from its
    /// nodelist; the local `totem.config_version` for this node's entry).
    public init(configuration: TotemConfig) {
        addresses = Dictionary(configuration.nodes.map { ($0.nodeID, $0.address.description) }, uniquingKeysWith: { first, _ in first })
        localConfigVersion = configuration.configVersion
    }

    /// The key changes for a regular configuration; transitional ones change nothing.
    public mutating func changes(for change: ConfigurationChange) -> [(key: String, value: CMapValue?)] {
        guard change.kind == .regular else { return [] }
        var result: [(key: String, value: CMapValue?)] = []
        for node in change.joined.sorted() {
            let count = (joinCounts[node] ?? 0) + 1
            joinCounts[node] = count
            let prefix = "runtime.members.\(node.rawValue)."
            result.append((prefix + "config_version", .uint64(localConfigVersion)))
            result.append((prefix + "ip", .string("r(0) ip(\(addresses[node] ?? "unknown")) ")))
            result.append((prefix + "join_count", .uint32(count)))
            result.append((prefix + "status", .string("joined")))
        }
        for node in change.left.sorted() where joinCounts[node] != nil {
            result.append(("runtime.members.\(node.rawValue).status", .string("left")))
        }
        return result
    }
}
