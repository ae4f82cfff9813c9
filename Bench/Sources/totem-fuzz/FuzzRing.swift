import Totem
import TotemRuntime

/// What the fuzzer knows of the ring it attacks: the nodelist (ids and totem addresses), the
/// totem port, and for the nodes it may query, their run directories and process ids.
struct FuzzRing: Sendable {
    /// One nodelist node.
    struct Node: Sendable {
        /// The node id.
        var id: NodeID
        /// The totem address (`ring0_addr`, resolved).
        var host: String
    }

    /// Every nodelist node, ascending by id.
    var nodes: [Node]
    /// `totem.interface.0.mcastport`: every node's totem port under udpu.
    var port: UInt16
    /// Run directories (`--run-dir`) of the nodes the fuzzer queries through IPC.
    var runDirectories: [NodeID: String]
    /// Process ids of the nodes' totemd, when known (`--pid`, or spawned).
    var pids: [NodeID: Int32]

    /// The ring as `config` describes it; fails for a node whose address is not IPv4 loopback
    /// (the fuzzer attacks rings on this machine only, and impersonates a node by binding to
    /// its address, which needs one loopback address per node).
    init(config: TotemConfig, runDirectories: [NodeID: String], pids: [NodeID: Int32]) throws(FuzzError) {
        nodes = config.nodes.sorted { $0.nodeID < $1.nodeID }.map { Node(id: $0.nodeID, host: $0.address.description) }
        port = config.port
        self.runDirectories = runDirectories
        self.pids = pids
        for node in nodes where !Self.isLoopback(node.host) {
            throw FuzzError("node \(node.id) has address \(node.host): totem-fuzz attacks rings on 127.0.0.0/8 only")
        }
        for id in Array(runDirectories.keys) + Array(pids.keys) where !nodes.contains(where: { $0.id == id }) {
            throw FuzzError("node \(id) is not in the nodelist")
        }
    }

    /// Every node id, ascending.
    var ids: [NodeID] { nodes.map(\.id) }

    /// The node that sends the token to `node` (its predecessor in ring order).
    func predecessor(of node: NodeID) -> NodeID {
        let ids = self.ids
        guard let index = ids.firstIndex(of: node) else { return node }
        return ids[(index + ids.count - 1) % ids.count]
    }

    /// The totem address of `node`.
    func host(of node: NodeID) -> String { nodes.first { $0.id == node }?.host ?? "" }

    /// True for 127.0.0.0/8.
    static func isLoopback(_ host: String) -> Bool { host.hasPrefix("127.") }
}

/// A failure the fuzzer reports and exits on.
struct FuzzError: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    let description: String

    init(_ description: String) { self.description = description }
}

/// Parses `n=VALUE` option values (`--run-dir 1=/run/n1`, `--pid 2=1234`).
enum NodeAssignment {
    /// The pairs of `values`, keyed by node id; fails on a value without `=` or a bad id.
    static func parse<Value>(
        _ values: [String], option: String, _ convert: (String) -> Value?
    ) throws(FuzzError) -> [NodeID: Value] {
        var result: [NodeID: Value] = [:]
        for text in values {
            guard let equals = text.firstIndex(of: "="), let id = UInt32(text[..<equals]),
                let value = convert(String(text[text.index(after: equals)...]))
            else { throw FuzzError("--\(option) takes n=VALUE, got \(text)") }
            result[NodeID(id)] = value
        }
        return result
    }
}
