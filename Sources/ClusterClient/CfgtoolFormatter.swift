import ClusterIPC

/// Renders ``RingStatusInfo`` and ``NodeListInfo`` exactly as `corosync-cfgtool -s` and `-n`
/// print them for a udpu node (tools-and-config.md §2.2–2.4), and as stable JSON for scripts.
public enum CfgtoolFormatter {
    /// `Local node ID <id>, transport <transport>`.
    public static func header(localNodeID: UInt32, transport: String) -> String {
        "Local node ID \(localNodeID), transport \(transport)\n"
    }

    /// `cfgtool -s`: the header, `LINK ID 0 ` (udp links have an empty transport name, hence the
    /// trailing space), the address of the highest-numbered other node (udpu shows the peer's
    /// address), and one `nodeid: %10u:` line per nodelist node in node id order.
    public static func status(_ info: RingStatusInfo) -> String {
        var text = header(localNodeID: info.localNodeID, transport: info.transport)
        let nodes = info.nodes.sorted { $0.nodeID < $1.nodeID }
        guard let other = nodes.last(where: { $0.nodeID != info.localNodeID }) ?? nodes.last else { return text }
        text += "LINK ID 0 \n"
        text += "\taddr\t= \(other.address)\n"
        text += "\tstatus:\n"
        for node in nodes {
            let state = node.nodeID == info.localNodeID ? "localhost" : node.connected ? "connected" : "disconnected"
            text += "\t\tnodeid: \(padded(node.nodeID, width: 10)):\t\(state)\n"
        }
        return text
    }

    /// `cfgtool -s -b`: as ``status(_:)`` but the per-node lines become `\tstatus\t= ` and one
    /// character per node: `n` for this node, else `'0' + enabled + 2·connected` (`3` up, `1` down).
    public static func briefStatus(_ info: RingStatusInfo) -> String {
        var text = header(localNodeID: info.localNodeID, transport: info.transport)
        let nodes = info.nodes.sorted { $0.nodeID < $1.nodeID }
        guard let other = nodes.last(where: { $0.nodeID != info.localNodeID }) ?? nodes.last else { return text }
        text += "LINK ID 0 \n"
        text += "\taddr\t= \(other.address)\n"
        let flags = nodes.map { node in node.nodeID == info.localNodeID ? "n" : node.connected ? "3" : "1" }
        text += "\tstatus\t= " + flags.joined() + "\n"
        return text
    }

    /// `cfgtool -a N`: the node's addresses and a newline, or nil when `nodeID` is not in the
    /// nodelist (corosync-cfgtool then prints `Could not get node address for nodeid N`, exit 1).
    public static func addresses(of nodeID: UInt32, in info: NodeListInfo) -> String? {
        info.nodes.first { $0.nodeID == nodeID }.map { $0.address + "\n" }
    }

    /// `cfgtool -n`: the header, then for each connected (reachable) other node
    /// `nodeid: N reachable`, its link `   LINK: 0  (<addr>) enabled connected mtu: <mtu>` and
    /// an empty line.
    public static func nodes(_ info: NodeListInfo) -> String {
        var text = header(localNodeID: info.localNodeID, transport: info.transport)
        for node in info.nodes.sorted(by: { $0.nodeID < $1.nodeID }) where node.nodeID != info.localNodeID && node.connected {
            text += "nodeid: \(node.nodeID) reachable\n"
            text += "   LINK: 0  (\(node.address)) enabled connected mtu: \(info.linkMTU)\n"
            text += "\n"
        }
        return text
    }

    /// `cfgtool -s --json`: one object with stable keys (see `Docs/IPC.md`), newline-terminated.
    public static func statusJSON(_ info: RingStatusInfo) -> String {
        var object = JSONWriter()
        object.field("localNodeID", .number(String(info.localNodeID)))
        object.field("transport", .string(info.transport))
        object.field("state", .string(info.state.name))
        object.field("running", .bool(info.running))
        object.field("ringID", .string(info.ringID))
        object.field("members", .raw("[" + info.members.map { String($0) }.joined(separator: ",") + "]"))
        object.field("linkMTU", .number(String(info.linkMTU)))
        object.field("nodes", .raw(nodesJSON(info.nodes, local: info.localNodeID)))
        var stats = JSONWriter()
        for statistic in info.statistics { stats.field(statistic.key, JSONWriter.value(statistic.value)) }
        object.field("stats", .raw(stats.object))
        return object.object + "\n"
    }

    /// `cfgtool -n --json`: one object with stable keys, newline-terminated.
    public static func nodesJSON(_ info: NodeListInfo) -> String {
        var object = JSONWriter()
        object.field("localNodeID", .number(String(info.localNodeID)))
        object.field("transport", .string(info.transport))
        object.field("linkMTU", .number(String(info.linkMTU)))
        object.field("nodes", .raw(nodesJSON(info.nodes, local: info.localNodeID)))
        return object.object + "\n"
    }

    private static func nodesJSON(_ nodes: [NodeStatusEntry], local: UInt32) -> String {
        let entries = nodes.sorted { $0.nodeID < $1.nodeID }.map { node in
            var entry = JSONWriter()
            entry.field("nodeID", .number(String(node.nodeID)))
            entry.field("name", .string(node.name))
            entry.field("address", .string(node.address))
            entry.field("local", .bool(node.nodeID == local))
            entry.field("connected", .bool(node.connected))
            return entry.object
        }
        return "[" + entries.joined(separator: ",") + "]"
    }

    private static func padded(_ value: UInt32, width: Int) -> String {
        let digits = String(value)
        return String(repeating: " ", count: max(0, width - digits.count)) + digits
    }
}

extension CfgtoolFormatter {
    /// corosync-cfgtool's `Could not initialize corosync configuration API error 2`, with our
    /// daemon's name, for a daemon that cannot be reached or refuses the user
    /// (tools-and-config.md §5), followed by the reason.
    public static func initializeError(_ error: TotemdClientError) -> String {
        "Could not initialize totemd configuration API error \(error.status.rawValue)\n\(error)\n"
    }

    /// ``initializeError(_:)`` with the status's name, as corosync-cfgtool prints it for `-R`
    /// and `-L` (`… error CS_ERR_LIBRARY`), then the reason.
    public static func symbolicInitializeError(_ error: TotemdClientError) -> String {
        "Could not initialize totemd configuration API error \(error.status.name)\n\(error)\n"
    }

    /// The stderr text for a failed call: ``initializeError(_:)`` when the daemon cannot be
    /// reached or refuses the user, otherwise the cs_error number and the reason.
    public static func errorMessage(_ error: TotemdClientError, operation: String = "the ring status") -> String {
        if error.isConnectFailure || error.status == .access { return initializeError(error) }
        return "Could not get \(operation), the error is: \(error.status.rawValue) (\(error))\n"
    }
}
