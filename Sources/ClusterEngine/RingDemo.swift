import Totem
import TotemRuntime

/// `totemd --demo`: a three-node ring on 127.0.0.1–3 inside one process, a few ordered messages,
/// then an orderly stop. It shows the protocol working end to end on real UDP sockets.
public enum RingDemo {
    /// Runs the demo, writing what happens to `output`; returns true if every node delivered the
    /// same messages in the same order.
    public static func run(port: UInt16 = 25_405, messages: Int = 5, output: @escaping @Sendable (String) -> Void) async throws -> Bool {
        let nodes: [UInt32] = [1, 2, 3]
        var parameters = TotemParameters(nodeCount: nodes.count)
        parameters.token = .milliseconds(1000)
        parameters.tokenRetransmit = .milliseconds(238)
        parameters.hold = .milliseconds(180)
        parameters.consensus = .milliseconds(1200)
        var peers: [NodeID: SocketAddress] = [:]
        for node in nodes {
            guard let address = SocketAddress(host: "127.0.0.\(node)", port: port) else { return false }
            peers[NodeID(node)] = address
        }
        let rings = try nodes.map {
            try TotemRing(options: TotemRingOptions(nodeID: NodeID($0), peers: peers, parameters: parameters, stateDirectory: nil))
        }
        output("starting nodes 1, 2, 3 on 127.0.0.1-3 port \(port)\n")
        for ring in rings { try ring.start() }
        let total = messages * nodes.count
        let orders = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (index, ring) in rings.enumerated() {
                group.addTask {
                    var delivered: [String] = []
                    var sent = false
                    for await event in ring.events {
                        switch event {
                        case .configuration(let change) where change.kind == .regular:
                            output("node \(index + 1): A new membership (\(change.ringID)) was formed. Members \(change.members.map(\.description).joined(separator: " "))\n")
                            if change.members.count == nodes.count, !sent {
                                sent = true
                                for number in 1...messages {
                                    try await ring.multicast(Array("message \(number) from node \(index + 1)".utf8), group: Array("demo".utf8), guarantee: .agreed)
                                }
                            }
                        case .delivered(let message):
                            delivered.append(String(decoding: message.payload, as: UTF8.self))
                        case .configuration, .stopped:
                            break
                        }
                        if delivered.count == total { break }
                    }
                    return (index, delivered)
                }
            }
            var results = Array(repeating: [String](), count: nodes.count)
            for try await (index, delivered) in group { results[index] = delivered }
            return results
        }
        for (index, text) in orders[0].enumerated() { output("delivered #\(index + 1) on every node: \(text)\n") }
        let agreed = orders.allSatisfy { $0 == orders[0] } && orders[0].count == total
        output(agreed ? "all three nodes delivered the same \(total) messages in the same order\n" : "nodes disagree on the order!\n")
        for ring in rings { await ring.leave() }
        output("stopped\n")
        return agreed
    }
}
