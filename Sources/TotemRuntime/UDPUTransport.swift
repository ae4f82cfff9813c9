#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Totem

/// corosync's udpu transport: one socket bound to this node's totem address receives, and one
/// socket per peer (bound to this node's address, connected to the peer) sends, so that an ICMP
/// port unreachable from a peer whose process is gone surfaces as an error on that socket.
/// Datagrams whose source is not a listed peer are dropped and counted.
public final class UDPUTransport: RingTransport {
    /// Opens udpu sockets for `nodeID` among `peers`.
    public struct Factory: RingTransportFactory {
        /// This node.
        public var nodeID: NodeID
        /// Every node of the nodelist (this one included) with its totem address and port.
        public var peers: [NodeID: SocketAddress]

        /// A factory for these peers.
        public init(nodeID: NodeID, peers: [NodeID: SocketAddress]) {
            self.nodeID = nodeID
            self.peers = peers
        }

        /// Binds the receive socket and one connected socket per peer.
        /// - Throws: ``SocketError`` when this node has no address, it is not local, or the
        ///   port is taken (every socket opened so far is closed again).
        public func open() throws(SocketError) -> any RingTransport {
            guard let local = peers[nodeID] else {
                throw SocketError(operation: "local node \(nodeID) has no address", code: EINVAL)
            }
            let receiveSocket = try UDPSocket(bind: local)
            let transport = UDPUTransport(nodeID: nodeID, local: local, receiveSocket: receiveSocket)
            if let error = transport.setPeers(peers) {
                transport.close()
                throw error
            }
            return transport
        }
    }

    /// The transport's name, as corosync logs it.
    public let name = "UDP/IP Unicast"
    private let nodeID: NodeID
    private let local: SocketAddress
    private let receiveSocket: UDPSocket
    private var peers: [NodeID: SocketAddress] = [:]
    private var senders: [NodeID: UDPSocket] = [:]
    private var senderByDescriptor: [Int32: NodeID] = [:]
    private var nodeByHost: [String: NodeID] = [:]
    private var unreachable: [NodeID] = []
    private var buffer = [UInt8](repeating: 0, count: 136_192)
    /// See ``RingTransport/descriptors``.
    public private(set) var descriptors: [Int32] = []
    /// See ``RingTransport/descriptorGeneration``.
    public private(set) var descriptorGeneration = 0
    /// See ``RingTransport/unlistedSourceDrops``.
    public private(set) var unlistedSourceDrops: UInt64 = 0

    private init(nodeID: NodeID, local: SocketAddress, receiveSocket: UDPSocket) {
        self.nodeID = nodeID
        self.local = local
        self.receiveSocket = receiveSocket
    }

    /// Reads up to 256 datagrams from the receive socket, or the errors of a peer's socket.
    public func readReady(_ descriptor: Int32, deliver: ([UInt8]) -> Void) {
        if descriptor != receiveSocket.fd {
            if let node = senderByDescriptor[descriptor], let socket = senders[node],
                let code = socket.drainErrors(), code == ECONNREFUSED
            {
                unreachable.append(node)
            }
            return
        }
        for _ in 0..<256 {
            guard let (count, source) = receiveSocket.receive(into: &buffer) else { return }
            guard let host = source?.host, nodeByHost[host] != nil else {
                unlistedSourceDrops += 1
                continue
            }
            guard count <= buffer.count else { continue }
            deliver(Array(buffer[0..<count]))
        }
    }

    /// Sends to one peer, or to every listed node (this one included) for `.allNodes`.
    public func send(_ bytes: [UInt8], to destination: Destination) {
        switch destination {
        case .node(let node): send(bytes, toNode: node)
        case .allNodes: for node in peers.keys { send(bytes, toNode: node) }
        }
    }

    private func send(_ bytes: [UInt8], toNode node: NodeID) {
        guard let socket = senders[node], let code = socket.send(bytes) else { return }
        if code == ECONNREFUSED { unreachable.append(node) }
    }

    /// See ``RingTransport/takeUnreachable()``.
    public func takeUnreachable() -> [NodeID] {
        defer { unreachable.removeAll() }
        return unreachable
    }

    /// Takes a reloaded nodelist, as corosync's udpu `member_add` / `member_remove`: opens a
    /// socket for each added node or changed address and accepts its address as a source;
    /// closes the sockets of removed nodes, whose datagrams are dropped as unlisted from now on.
    /// All or nothing: when a socket cannot be opened nothing changes. This node must keep its
    /// address.
    public func setPeers(_ newPeers: [NodeID: SocketAddress]) -> SocketError? {
        guard newPeers[nodeID] == local else {
            return SocketError(operation: "set peers: this node \(nodeID) must keep its address", code: EINVAL)
        }
        var opened: [NodeID: UDPSocket] = [:]
        for (node, address) in newPeers where peers[node] != address || senders[node] == nil {
            do throws(SocketError) {
                let socket = try UDPSocket(bind: local.with(port: 0))
                opened[node] = socket
                try socket.connect(to: address)
            } catch {
                for socket in opened.values { socket.close() }
                return error
            }
        }
        for (node, socket) in senders where newPeers[node] == nil || opened[node] != nil {
            socket.close()
            senders[node] = nil
        }
        senders.merge(opened) { _, new in new }
        unreachable.removeAll { newPeers[$0] == nil }
        peers = newPeers
        nodeByHost = [:]
        for (node, address) in newPeers { nodeByHost[address.host] = node }
        senderByDescriptor = Dictionary(uniqueKeysWithValues: senders.map { ($0.value.fd, $0.key) })
        descriptors = [receiveSocket.fd] + senders.sorted { $0.key < $1.key }.map(\.value.fd)
        descriptorGeneration += 1
        return nil
    }

    /// Closes every socket.
    public func close() {
        receiveSocket.close()
        for socket in senders.values { socket.close() }
        senders = [:]
        descriptors = []
        descriptorGeneration += 1
    }
}
