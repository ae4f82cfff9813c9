import Foundation

/// Where the nodes of one run live: one network namespace per node with a veth into a bridge
/// namespace (root), or 127.0.0.x in this namespace (not root). Node i has address ``address(_:)``.
final class Topology {
    /// `--icmp-ratelimit`: net.ipv4.icmp_ratelimit (ms) in every node namespace; nil keeps the
    /// kernel's default (1000: after a burst of 6, one ICMP error per second to each peer).
    nonisolated(unsafe) static var icmpRateLimit: Int?

    let nodes: Int
    let namespaced: Bool
    let prefix: String
    let directory: String

    /// Creates the namespaces (when `namespaced`).
    init(nodes: Int, namespaced: Bool, directory: String) throws {
        self.nodes = nodes
        self.namespaced = namespaced
        self.directory = directory
        prefix = "tb\(getpid() % 100_000)n\(nodes)"
        guard namespaced else { return }
        let bridge = "\(prefix)br"
        try step(["netns", "add", bridge])
        Cleanup.shared.register(namespace: bridge)
        try step(["-n", bridge, "link", "add", "br0", "type", "bridge"])
        try step(["-n", bridge, "link", "set", "br0", "up"])
        for node in 1...nodes {
            let name = namespace(node)
            try step(["netns", "add", name])
            Cleanup.shared.register(namespace: name)
            try step(["-n", name, "link", "set", "lo", "up"])
            if let ratelimit = Self.icmpRateLimit {
                let sysctl = runCommand(["/usr/sbin/ip", "netns", "exec", name, "/usr/sbin/sysctl", "-qw",
                                         "net.ipv4.icmp_ratelimit=\(ratelimit)"])
                guard sysctl.status == 0 else { throw BenchError("sysctl icmp_ratelimit in \(name): \(sysctl.output)") }
            }
            try step(["-n", name, "link", "add", "eth0", "type", "veth", "peer", "name", "b\(node)", "netns", bridge])
            try step(["-n", name, "addr", "add", "\(address(node))/24", "dev", "eth0"])
            try step(["-n", name, "link", "set", "eth0", "up"])
            try step(["-n", bridge, "link", "set", "b\(node)", "master", "br0"])
            try step(["-n", bridge, "link", "set", "b\(node)", "up"])
        }
    }

    private func step(_ arguments: [String]) throws {
        let result = runCommand(["/usr/sbin/ip"] + arguments)
        guard result.status == 0 else { throw BenchError("ip \(arguments.joined(separator: " ")): \(result.output)") }
    }

    /// The namespace of node `node` (1-based).
    func namespace(_ node: Int) -> String { "\(prefix)\(node)" }

    /// Node `node`'s ring address.
    func address(_ node: Int) -> String { namespaced ? "10.213.\(nodes).\(node)" : "127.0.0.\(node)" }

    /// The command prefix that runs something in node `node`'s namespace.
    func inNode(_ node: Int) -> [String] { namespaced ? ["/usr/sbin/ip", "netns", "exec", namespace(node)] : [] }

    /// Takes node `node`'s link down or up.
    func setLink(_ node: Int, up: Bool) {
        runCommand(["/usr/sbin/ip", "-n", namespace(node), "link", "set", "eth0", up ? "up" : "down"])
    }

    /// Deletes the namespaces now (Cleanup would do it at exit anyway).
    func close() {
        guard namespaced else { return }
        for node in 1...nodes { runCommand(["/usr/sbin/ip", "netns", "del", namespace(node)]) }
        runCommand(["/usr/sbin/ip", "netns", "del", "\(prefix)br"])
    }
}

/// A failure of the bench itself.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
