/// Builds the nodes of `nodelist` as corosync 3.1.7 does for udpu
/// (`put_nodelist_members_to_config`, `check_for_duplicate_nodeids` in `exec/totemconfig.c`):
/// resolve `ring0_addr`, generate missing node ids from IPv4 addresses, refuse mixed families
/// and duplicate ids. A node without `ring0_addr` is left out, as corosync leaves it out of the
/// ring, but a `nodeid` it has still counts for duplicates. Duplicate addresses are refused too,
/// which corosync 3.1.7 accepts: two nodes at one address cannot both be reached.
enum Nodelist {
    /// The most nodes a ring can have: a JOIN or commit token names at most this many
    /// (corosync's PROCESSOR_COUNT_MAX). corosync -t accepts larger nodelists and its runtime
    /// cannot form such a ring (it aborted on 10,000 nodes here); we refuse them up front.
    static let maxNodes = CommitToken.maxMembers

    static func build(
        _ reader: ConfigReader, ipVersion: IPVersion, resolver: some AddressResolver
    ) throws(ConfigError) -> [NodeConfig] {
        let config = reader.config
        let positions = Set(
            config.entries(withPrefix: "nodelist.node.").compactMap { entry in
                Int(entry.key.split(separator: ".")[2])
            }
        ).sorted()
        if positions.count > maxNodes {
            throw reader.error(
                .tooManyNodes, "nodelist.node.\(positions[maxNodes])",
                "expected at most \(maxNodes) nodes (the most a totem ring can have); "
                    + "the nodelist has \(positions.count)",
                value: nil)
        }
        let clearHighBit = reader.string("totem.clear_node_high_bit") == "yes"
        var nodes: [NodeConfig] = []
        var seen = Seen()
        for position in positions {
            let prefix = "nodelist.node.\(position)."
            guard let ring0 = reader.string(prefix + "ring0_addr") else {
                if let given = reader.u32(prefix + "nodeid") {
                    try check(
                        NodeID(given), of: position, key: prefix + "nodeid", generated: false, seen: &seen, reader)
                }
                continue
            }
            guard let address = ipVersion.pick(ring0, resolver: resolver) else {
                throw reader.error(.unresolvableAddress, prefix + "ring0_addr", "expected \(ipVersion.expectation)")
            }
            var node = NodeConfig(
                position: position, nodeID: 0, name: reader.string(prefix + "name"), ring0: ring0,
                address: address, quorumVotes: reader.u32(prefix + "quorum_votes") ?? 1)
            if let given = reader.u32(prefix + "nodeid"), given != 0 {
                node.nodeID = NodeID(given)
            } else {
                guard let generated = IPVersion.ipv4.pick(ring0, resolver: resolver)?.ipv4Value else {
                    throw reader.error(
                        .nodeIDRequired, prefix + "ring0_addr",
                        "expected a nodeid for a node whose address is not IPv4 (only IPv4 addresses generate one)")
                }
                node.nodeID = NodeID(clearHighBit ? generated & 0x7FFF_FFFF : generated)
                node.nodeIDGenerated = true
            }
            try check(node, against: nodes, seen: &seen, reader)
            nodes.append(node)
        }
        guard !nodes.isEmpty else {
            throw reader.error(.noNodes, "nodelist", "expected a nodelist with at least one node", value: nil)
        }
        return nodes
    }

    /// Where the earlier nodes' ids and addresses are (nodelist positions), so that each node
    /// is checked in constant time.
    private struct Seen {
        var byID: [NodeID: Int] = [:]
        var byAddress: [IPAddress: Int] = [:]
    }

    /// "node 2 (line 15)".
    private static func place(_ position: Int, _ reader: ConfigReader) -> String {
        "node \(position) (line \(reader.config.line(for: "nodelist.node.\(position)")))"
    }

    /// Refuses `id` when an earlier node has it.
    private static func check(
        _ id: NodeID, of position: Int, key: String, generated: Bool, seen: inout Seen, _ reader: ConfigReader
    ) throws(ConfigError) {
        if let other = seen.byID[id] {
            let how = generated ? " (generated from the address)" : ""
            throw reader.error(
                .duplicateNodeID, key,
                "expected a nodeid not used by \(place(other, reader)); nodeid \(id)\(how) appears twice")
        }
        seen.byID[id] = position
    }

    private static func check(
        _ node: NodeConfig, against earlier: [NodeConfig], seen: inout Seen, _ reader: ConfigReader
    ) throws(ConfigError) {
        let prefix = "nodelist.node.\(node.position)."
        if let first = earlier.first, first.address.isIPv4 != node.address.isIPv4 {
            throw reader.error(
                .mixedAddressFamilies, prefix + "ring0_addr",
                "expected the same IP family as \(first.address) of \(place(first.position, reader)) "
                    + "(\(first.address.familyName)); nodes for link 0 have different IP families")
        }
        let key = node.nodeIDGenerated ? prefix + "ring0_addr" : prefix + "nodeid"
        try check(node.nodeID, of: node.position, key: key, generated: node.nodeIDGenerated, seen: &seen, reader)
        if let other = seen.byAddress[node.address] {
            throw reader.error(
                .duplicateAddress, prefix + "ring0_addr",
                "expected an address not used by \(place(other, reader)), which also has \(node.address) "
                    + "(corosync accepts it; two nodes at one address cannot both be reached)")
        }
        seen.byAddress[node.address] = node.position
    }
}
