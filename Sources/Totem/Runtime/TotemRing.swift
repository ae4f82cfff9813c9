#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Synchronization

/// One totem node on a real network (udpu): the core on a dedicated thread with its UDP sockets,
/// and an async API for the embedding program.
///
/// ```swift
/// let ring = try TotemRing(options: TotemRingOptions(config: config, stateDirectory: "/var/lib/corosync"))
/// try ring.start()
/// for await event in ring.events { ... }          // configuration changes and messages, in order
/// try await ring.multicast(bytes, group: Array("app".utf8), guarantee: .safe)
/// await ring.leave()
/// ```
///
/// The token is forwarded by the loop thread right where it is received (no thread hop), which
/// is what keeps rotation close to the raw-UDP floor; deliveries go to ``events``.
public final class TotemRing: Sendable {
    /// The options the ring runs with.
    public let options: TotemRingOptions
    /// Configuration changes and delivered messages, in order; finishes after ``leave()``.
    public let events: AsyncStream<TotemRingEvent>
    private let continuation: AsyncStream<TotemRingEvent>.Continuation
    private let shared: RingShared
    private let startState = Mutex<Bool>(false)

    /// Prepares a ring (nothing is bound until ``start()``).
    public init(options: TotemRingOptions) throws(SocketError) {
        self.options = options
        let (stream, continuation) = AsyncStream<TotemRingEvent>.makeStream(bufferingPolicy: .unbounded)
        events = stream
        self.continuation = continuation
        shared = try RingShared(status: TotemRingStatus(
            nodeID: options.nodeID, state: .gather, ringID: RingID(rep: options.nodeID, seq: 0), members: [options.nodeID],
            stats: SRPStats(), unlistedSourceDrops: 0, unsentMessages: 0, running: false))
    }

    /// Binds the sockets, loads the ring seq and starts the loop thread.
    /// - Throws: ``SocketError`` when the address is not local, the port is taken, or the state
    ///   directory is not writable.
    public func start() throws(SocketError) {
        let already = startState.withLock { started in
            defer { started = true }
            return started
        }
        guard !already else { return }
        guard let local = options.peers[options.nodeID] else {
            throw SocketError(operation: "local node \(options.nodeID) has no address", code: EINVAL)
        }
        let ringFile = options.stateDirectory.map { RingSeqFile(directory: $0, nodeID: options.nodeID) }
        let persisted = try ringFile?.load() ?? 0
        let receiveSocket = try UDPSocket(bind: local)
        var senders: [NodeID: UDPSocket] = [:]
        do throws(SocketError) {
            for (node, address) in options.peers {
                let socket = try UDPSocket(bind: local.with(port: 0))
                senders[node] = socket
                try socket.connect(to: address)
            }
        } catch {
            receiveSocket.close()
            for socket in senders.values { socket.close() }
            throw error
        }
        let core = TotemCore(nodeID: options.nodeID, nodes: Array(options.peers.keys), parameters: options.parameters,
                             persistedRingSeq: persisted)
        shared.status.withLock { $0.running = true }
        let handoff = LoopHandoff(core: core, options: options, receiveFD: receiveSocket.fd,
                                  senderFDs: senders.mapValues(\.fd), shared: shared, events: continuation, ringFile: ringFile)
        let thread = Thread {
            handoff.makeLoop().run()
        }
        thread.name = "totem-ring-\(options.nodeID)"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Submits a message for ordered delivery to every member (this node included).
    /// - Throws: ``SubmitError/queueFull`` (retry later), ``SubmitError/messageTooLarge(size:limit:)``,
    ///   or ``SubmitError/stopped``.
    public func multicast(_ payload: [UInt8], group: [UInt8], guarantee: Guarantee = .agreed) async throws(SubmitError) {
        guard status.running else { throw .stopped }
        let error: SubmitError? = await withCheckedContinuation { reply in
            shared.post(.submit(payload, group: group, guarantee: guarantee, reply: { reply.resume(returning: $0) }))
        }
        if let error { throw error }
    }

    /// Multicasts a LEAVE (the others form a new ring at once) and stops the loop.
    public func leave() async {
        guard status.running else { return }
        await withCheckedContinuation { (reply: CheckedContinuation<Void, Never>) in
            shared.post(.leave(reply: { reply.resume() }))
        }
    }

    /// Runs the ring with new timers and constants (a configuration reload); returns once the
    /// loop thread has taken them (at once when the ring is not running).
    public func setParameters(_ parameters: TotemParameters) async {
        guard status.running else { return }
        await withCheckedContinuation { (reply: CheckedContinuation<Void, Never>) in
            shared.post(.setParameters(parameters, reply: { reply.resume() }))
        }
    }

    /// Runs the ring with a reloaded nodelist (`TotemRingOptions(config:).peers` of the new
    /// configuration): sockets for added nodes are opened, those of removed nodes closed, and
    /// only the new addresses are accepted as sources. Returns once the loop thread took it (at
    /// once when the ring is not running). ``options`` keeps the peers the ring started with.
    /// - Throws: ``SocketError`` when this node is missing or moved, or a socket cannot be
    ///   opened (nothing changed then).
    public func setPeers(_ peers: [NodeID: SocketAddress]) async throws(SocketError) {
        guard status.running else { return }
        let error: SocketError? = await withCheckedContinuation { reply in
            shared.post(.setPeers(peers, reply: { reply.resume(returning: $0) }))
        }
        if let error { throw error }
    }

    /// The latest snapshot of the ring's state and counters.
    public var status: TotemRingStatus { shared.status.withLock { $0 } }
}

/// Carries what the loop thread needs across the thread boundary (file descriptors and Sendable
/// values only); the thread builds its own non-Sendable ``RingLoop`` from it.
struct LoopHandoff: Sendable {
    let core: TotemCore
    let options: TotemRingOptions
    let receiveFD: Int32
    let senderFDs: [NodeID: Int32]
    let shared: RingShared
    let events: AsyncStream<TotemRingEvent>.Continuation
    let ringFile: RingSeqFile?

    func makeLoop() -> RingLoop {
        RingLoop(core: core, options: options, receiveSocket: UDPSocket(fd: receiveFD),
                 senders: senderFDs.mapValues { UDPSocket(fd: $0) }, shared: shared, events: events, ringFile: ringFile)
    }
}
