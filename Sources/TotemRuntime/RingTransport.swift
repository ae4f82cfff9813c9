import Totem

/// How a ring thread reaches its peers: udpu sockets today, knet tomorrow. A transport is
/// created and opened by ``RingTransportFactory/open()`` on the caller's thread (so that a bad
/// address or a taken port is reported at once), then handed to the ring thread, which alone
/// uses it from then on.
public protocol RingTransport: AnyObject {
    /// The descriptors the ring thread polls for input.
    var descriptors: [Int32] { get }
    /// Changes whenever ``descriptors`` changes (the loop then rebuilds its poll set).
    var descriptorGeneration: Int { get }
    /// Reads what `descriptor` has ready, handing each datagram from a listed peer to `deliver`
    /// in arrival order; errors it learns (ICMP port unreachable) go to ``takeUnreachable()``.
    func readReady(_ descriptor: Int32, deliver: ([UInt8]) -> Void)
    /// Sends a datagram; nothing is reported on failure (totem retransmits).
    func send(_ bytes: [UInt8], to destination: Destination)
    /// Peers whose port was reported unreachable since the last call.
    func takeUnreachable() -> [NodeID]
    /// Runs with a reloaded nodelist (added peers reached, removed ones dropped); all or nothing.
    func setPeers(_ peers: [NodeID: SocketAddress]) -> SocketError?
    /// Datagrams dropped because their source is not a listed peer.
    var unlistedSourceDrops: UInt64 { get }
    /// The transport's name for the log (`UDP/IP Unicast`).
    var name: String { get }
    /// Closes every descriptor.
    func close()
}

/// Opens a ``RingTransport`` for a runtime.
public protocol RingTransportFactory: Sendable {
    /// Binds and connects; throws when this node's address is not local or a port is taken.
    func open() throws(SocketError) -> any RingTransport
}
