// The embedding example of the README and of ClusterEngine's documentation, built with the
// package so that it keeps compiling: a daemon that embeds a node, waits for the first synced
// membership, follows quorum and membership, and multicasts in a process group.
//
// Run it on each node of a cluster: `swift run embedding-example /etc/corosync/corosync.conf`.

import ClusterEngine
import Logging
import ServiceLifecycle
import UnixSignals

/// The daemon's own work, as a Service that runs beside the node in one ServiceGroup.
struct Daemon: Service {
    let node: ClusterNode
    let logger: Logger

    // BEGIN README EXAMPLE
    func run() async throws {
        try await node.ready(timeout: .seconds(30))           // the first synced membership
        let group = try await node.join(group: "myapp")        // cpg, shared with libcpg clients
        try await group.multicast(Array("hello".utf8))
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask {
                for try await state in node.quorumStates() {   // typed, bounded, many subscribers
                    logger.info("quorate: \(state.quorate), votes \(state.totalVotes)/\(state.expectedVotes)")
                }
            }
            tasks.addTask {
                for try await event in node.membershipEvents() {
                    switch event {
                    case .interrupted: logger.info("membership changing: stop acting")
                    case .changed(let change): logger.info("configuration \(change)")
                    case .synced(let ring, let members): logger.info("synced \(ring): \(members)")
                    }
                }
            }
            for await event in group.events {                  // the group's messages, in total order
                if case .message(let sender, let payload) = event {
                    logger.info("\(sender): \(payload.count) bytes")
                }
            }
        }
    }
    // END README EXAMPLE
}

// BEGIN README SETUP
@main
enum EmbeddingExample {
    static func main() async throws {
        let path = CommandLine.arguments.dropFirst().first ?? "/etc/corosync/corosync.conf"
        let logger = Logger(label: "myapp")
        let config = try ConfigFile.load(path, nodeID: nil)
        let node = try ClusterNode(configuration: config, stateDirectory: "/var/lib/myapp", logger: logger)
        // The node first: the group starts services in order and stops them in reverse, so
        // the daemon stops using the node before the node leaves the ring.
        let group = ServiceGroup(
            services: [node, Daemon(node: node, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
// END README SETUP
