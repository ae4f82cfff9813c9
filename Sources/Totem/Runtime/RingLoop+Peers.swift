#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension RingLoop {
    /// Takes a reloaded nodelist, as corosync's udpu `member_add` / `member_remove`: opens a
    /// socket (bound to this node's address, connected to the peer) for each added node or
    /// changed address and accepts its address as a source; closes the sockets of removed nodes,
    /// whose datagrams are dropped as unlisted from now on. All or nothing: when a socket cannot
    /// be opened nothing changes.
    func setPeers(_ peers: [NodeID: SocketAddress]) -> SocketError? {
        guard let local = peers[options.nodeID], local == options.peers[options.nodeID] else {
            return SocketError(operation: "set peers: this node \(options.nodeID) must keep its address", code: EINVAL)
        }
        var opened: [NodeID: UDPSocket] = [:]
        for (node, address) in peers where options.peers[node] != address || senders[node] == nil {
            do throws(SocketError) {
                let socket = try UDPSocket(bind: local.with(port: 0))
                opened[node] = socket
                try socket.connect(to: address)
            } catch {
                for socket in opened.values { socket.close() }
                return error
            }
        }
        for (node, socket) in senders where peers[node] == nil || opened[node] != nil {
            socket.close()
            senders[node] = nil
        }
        senders.merge(opened) { _, new in new }
        unreachable.removeAll { peers[$0] == nil }
        options.peers = peers
        nodeByHost = Self.byHost(peers)
        core.setNodes(Array(peers.keys))
        peersGeneration += 1
        return nil
    }
}
