import NodeCore
import ArgumentParser
import ClusterEngine
import Logging
import Totem
import TotemRuntime

#if canImport(Glibc)
import Glibc
#endif

/// `cpg-probe-fixture`: a Swift embedder of ``ClusterNode`` for the cpg interop tests (a test
/// fixture, not a tool: InteropTests runs it). It runs a node from a corosync.conf and speaks
/// the same line protocol as the C client
/// `Tests/InteropTests/Resources/cpg_peer.c`:
///
/// - exchange (`--count N --total T`): join the group; once a member of another node is in it,
///   multicast N messages (u32 own node id, u32 seq, little-endian); print `d NODEID SEQ` for
///   every delivery and `done` after T; then leave (`left`), join again, and wait for the peer to
///   leave (`peer-left NODE PID REASON`).
/// - stay (`--count 0 --total 0`): join and stay a member until killed.
///
/// Every membership change prints `confchg members=N:P,... joined=N:P:R,... left=N:P:R,...`.
/// The node's log (corosync's format) goes to stderr. Exit status 0 on success, 2 on timeout.
@main
struct CPGProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cpg-probe-fixture", abstract: "Closed process group test embedder.")

    @Option(name: .customShort("c"), help: "The corosync.conf.")
    var configFile: String

    @Option(name: .customLong("nodeid"), help: "The local node's id.")
    var nodeID: UInt32?

    @Option(help: "State directory (ring id file).")
    var stateDirectory: String?

    @Option(help: "The group to join.")
    var group: String

    @Option(help: "Messages to send once another node's member is in the group.")
    var count: UInt32 = 0

    @Option(help: "Deliveries expected in all.")
    var total: UInt32 = 0

    @Option(help: "Seconds before giving up.")
    var timeout: Int = 120

    func run() async throws {
        LoggingSystem.bootstrap { label in CorosyncLogHandler.standardError(label: label, level: .info) }
        let config = try ConfigFile.load(configFile, nodeID: nodeID.map { NodeID($0) })
        let node = try ClusterNode(configuration: config, stateDirectory: stateDirectory, logger: Logger(label: "cpg-probe"))
        let me = config.localNode.nodeID
        let finished = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask { try await node.run(); return false }
            tasks.addTask { try await Task.sleep(for: .seconds(timeout)); return false }
            tasks.addTask { try await exchange(on: node, me: me) }
            let result = try await tasks.next() ?? false
            tasks.cancelAll()
            return result
        }
        if !finished {
            emit("timeout")
            throw ExitCode(2)
        }
    }

    func exchange(on node: ClusterNode, me: NodeID) async throws -> Bool {
        let first = try await joinWhenSynced(node)
        // The sender, a child task, starts when the first member of another node is seen.
        let (peerSeen, signal) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { sending in
            sending.addTask { [count] in
                for await _ in peerSeen {
                    for seq in 0..<count { try await first.multicast(Self.payload(me.rawValue, seq)) }
                    return
                }
            }
            var delivered: UInt32 = 0
            for await event in first.events {
                switch event {
                case .membership(let change):
                    Self.printChange(change)
                    if count > 0, change.members.contains(where: { $0.nodeID != me }) { signal.yield() }
                case .message(let sender, let payload):
                    guard payload.count == 8 else {
                        emit("bad-length \(payload.count) from \(sender)")
                        continue
                    }
                    emit("d \(Self.u32(payload, 0)) \(Self.u32(payload, 4))")
                    delivered += 1
                    if delivered == total, total > 0 {
                        emit("done")
                        signal.finish()
                        try await sending.waitForAll()
                        try await first.leave()
                    }
                }
            }
            signal.finish()
        }
        if total == 0 { return false }  // stay mode: only a kill ends it
        emit("left")
        let again = try await node.join(group: group, pid: first.address.pid)
        for await event in again.events {
            guard case .membership(let change) = event else { continue }
            Self.printChange(change)
            if let peer = change.left.first(where: { $0.address.nodeID != me }) {
                emit("peer-left \(peer.address.nodeID) \(peer.address.pid) \(peer.reason.rawValue)")
                return true
            }
        }
        return false
    }

    /// Joins once the node completed its first sync (a join before it is held anyway; waiting
    /// keeps the log readable).
    func joinWhenSynced(_ node: ClusterNode) async throws -> CPGGroup {
        while node.status.members.count == 0 { try await Task.sleep(for: .milliseconds(50)) }
        let joined = try await node.join(group: group)
        emit("self \(joined.address.nodeID) \(joined.address.pid)")
        return joined
    }

    static func payload(_ node: UInt32, _ seq: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: node >> (8 * $0)) } + (0..<4).map { UInt8(truncatingIfNeeded: seq >> (8 * $0)) }
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    static func printChange(_ change: CPGMembershipChange) {
        let members = change.members.map { "\($0.nodeID):\($0.pid)" }.joined(separator: ",")
        let joined = change.joined.map { "\($0.address.nodeID):\($0.address.pid):\($0.reason.rawValue)" }.joined(separator: ",")
        let left = change.left.map { "\($0.address.nodeID):\($0.address.pid):\($0.reason.rawValue)" }.joined(separator: ",")
        emit("confchg members=\(members) joined=\(joined) left=\(left)")
    }
}

/// Writes one line to stdout at once (unbuffered: the tests read the output while it grows).
func emit(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(1, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
