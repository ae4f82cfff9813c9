/// Finds this machine's entry in the nodelist as corosync's `find_local_node` does, or by an
/// explicit node id (`totemd --nodeid N`).
///
/// Without an explicit id, in order: (1) a node whose `name` or `ring0_addr` equals the node
/// name; (2) the same with the node name shortened at each dot from the right; (3) a node whose
/// `ring0_addr` or `name` is, or resolves to, an address of a local interface. (corosync also
/// tries reverse look-ups of the local addresses; names that only match that way are not found
/// here. Use `--nodeid` then.)
enum LocalNode {
    /// The index in `nodes` of the local node.
    static func find(
        in nodes: [NodeConfig], nodeID: NodeID?, local: some LocalAddressProvider,
        resolver: some AddressResolver, reader: ConfigReader
    ) throws(ConfigError) -> Int {
        if let nodeID {
            guard let index = nodes.firstIndex(where: { $0.nodeID == nodeID }) else {
                throw reader.error(
                    .unknownLocalNodeID, "nodelist",
                    "expected a node with the nodeid given by --nodeid (known: "
                        + nodes.map(\.nodeID.description).joined(separator: ", ") + ")",
                    value: nodeID.description)
            }
            return index
        }
        var name = Substring(local.nodeName)
        while !name.isEmpty {
            if let index = nodes.firstIndex(where: { $0.name == String(name) || $0.ring0 == String(name) }) {
                return index
            }
            guard let dot = name.lastIndex(of: ".") else { break }
            name = name[..<dot]
        }
        let localAddresses = Set(local.addresses.compactMap { IPAddress($0) })
        for (index, node) in nodes.enumerated() {
            let candidates = [node.name, node.ring0].compactMap { $0 }
            let addresses = candidates.flatMap { text in
                IPAddress(text).map { [$0] } ?? resolver.addresses(of: text).compactMap { IPAddress($0) }
            }
            if localAddresses.contains(node.address) || addresses.contains(where: localAddresses.contains) {
                return index
            }
        }
        throw reader.error(
            .noLocalNode, "nodelist",
            "expected a node whose name or ring0_addr is this host (local addresses: "
                + local.addresses.joined(separator: ", ") + "); no valid name found for local host",
            value: local.nodeName)
    }
}
