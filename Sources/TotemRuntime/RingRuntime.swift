import Foundation
import Synchronization
import Totem

/// Runs a pure ring core (``RingDrivenCore``) on a dedicated thread with its transport: the one
/// owner of the core. Datagrams, requests and the core's deadlines are all handled on that
/// thread, in one order; the core's events are published on one ordered stream.
///
/// ```swift
/// let runtime = RingRuntime(nodeID: 1, transport: UDPUTransport.Factory(nodeID: 1, peers: peers),
///                           stateDirectory: "/var/lib/corosync") { seq in TotemCore(...) }
/// try runtime.start()
/// let accepted = try await runtime.perform { core, now, effects in ... }   // on the ring thread
/// for await event in runtime.events { ... }
/// await runtime.leave()
/// ```
///
/// The token is forwarded by the ring thread right where it is received (no thread hop), which
/// is what keeps rotation close to the raw-UDP floor.
public final class RingRuntime<Core: RingDrivenCore>: Sendable {
    /// This node.
    public let nodeID: NodeID
    /// The core's events, in order; the last one is ``RingDrivenCore/stoppedEvent(failure:)``.
    /// One reader at a time; reading does not stop when the reading task is cancelled.
    public let events = RingEvents<Core.Event>()
    @usableFromInline
    let shared: RingShared<Core>
    @usableFromInline
    let transportFactory: any RingTransportFactory
    @usableFromInline
    let stateDirectory: String?
    @usableFromInline
    let makeCore: @Sendable (UInt64) -> Core
    @usableFromInline
    let started = Mutex(false)

    /// Prepares a runtime; nothing is bound until ``start()``.
    /// - Parameters:
    ///   - nodeID: this node (names the `ringid_<nodeid>` file and the thread).
    ///   - transport: opens the transport in ``start()``.
    ///   - stateDirectory: where the ring seq is persisted (nil: memory only, for tests).
    ///   - makeCore: the core, given the ring seq persisted last (0 for a node that never ran).
    public init(
        nodeID: NodeID, transport: any RingTransportFactory, stateDirectory: String?,
        makeCore: @escaping @Sendable (UInt64) -> Core
    ) throws(SocketError) {
        self.nodeID = nodeID
        self.transportFactory = transport
        self.stateDirectory = stateDirectory
        self.makeCore = makeCore
        shared = try RingShared(
            status: TotemRingStatus(
                nodeID: nodeID, state: .gather, ringID: RingID(rep: nodeID, seq: 0), members: [nodeID],
                stats: SRPStats(), unlistedSourceDrops: 0, unsentMessages: 0, running: false))
    }

    /// Loads the ring seq, opens the transport and starts the ring thread (at most once).
    /// - Throws: ``SocketError`` when the address is not local, a port is taken, or the state
    ///   directory is not readable.
    @inlinable
    public func start() throws(SocketError) {
        let already = started.withLock { started in
            defer { started = true }
            return started
        }
        guard !already else { return }
        let ringFile = stateDirectory.map { RingSeqFile(directory: $0, nodeID: nodeID) }
        let persisted = try ringFile?.load() ?? 0
        let transport = try transportFactory.open()
        shared.status.withLock { $0.running = true }
        let handoff = LoopHandoff(
            RingLoop(
                core: makeCore(persisted), transport: transport, shared: shared, events: events, ringFile: ringFile,
                nodeID: nodeID))
        let thread = Thread { handoff.loop.run() }
        thread.name = "totem-ring-\(nodeID)"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Runs `body` on the ring thread with the core and the current time; the effects it
    /// appends are carried out right after, in order. Returns what `body` answered. A request
    /// made before ``start()`` waits for the ring thread and runs first.
    /// - Throws: ``RingStoppedError`` when the ring stopped (or stops before it ran).
    public func perform<Result: Sendable>(
        _ body: @escaping @Sendable (inout Core, Instant, inout [Core.Effect]) -> Result
    ) async throws(RingStoppedError) -> Result {
        try await request { core, now, effects, _ in .answer(body(&core, now, &effects)) }
    }

    /// As ``perform(_:)``, for a request that may find no room in the core: while `body`
    /// answers ``RingRequestOutcome/retryLater``, it is run again after each later input (the
    /// token drains the send queue), in the order such requests came. Nothing sleeps or polls.
    public func performWhenRoom<Result: Sendable>(
        _ body: @escaping @Sendable (inout Core, Instant, inout [Core.Effect]) -> RingRequestOutcome<Result>
    ) async throws(RingStoppedError) -> Result {
        try await request { core, now, effects, _ in body(&core, now, &effects) }
    }

    /// As ``perform(_:)``, with the transport too (a reload changes both at once).
    public func performWithTransport<Result: Sendable>(
        _ body: @escaping @Sendable (inout Core, Instant, inout [Core.Effect], any RingTransport) -> Result
    ) async throws(RingStoppedError) -> Result {
        try await request { core, now, effects, transport in .answer(body(&core, now, &effects, transport)) }
    }

    /// Queues `body` on the ring thread without waiting (nothing happens once stopped).
    public func post(_ body: @escaping @Sendable (inout Core, Instant, inout [Core.Effect]) -> Void) {
        shared.post(
            RingRequest(
                run: { core, now, effects, _ in
                    body(&core, now, &effects)
                    return true
                }, cancel: {}))
    }

    private func request<Result: Sendable>(
        _ body:
            @escaping @Sendable (inout Core, Instant, inout [Core.Effect], any RingTransport) -> RingRequestOutcome<
                Result
            >
    ) async throws(RingStoppedError) -> Result {
        let answer: Result? = await withCheckedContinuation { reply in
            shared.post(
                RingRequest(
                    run: { core, now, effects, transport in
                        switch body(&core, now, &effects, transport) {
                        case .answer(let result):
                            reply.resume(returning: result)
                            return true
                        case .retryLater:
                            return false
                        }
                    }, cancel: { reply.resume(returning: nil) }))
        }
        guard let answer else { throw RingStoppedError() }
        return answer
    }

    /// Leaves the ring (a LEAVE, so the others re-form at once); returns once the ring thread
    /// took it. The ring then stops.
    public func leave() async {
        _ = try? await perform { core, now, effects in effects += core.leave(now: now) }
    }

    /// Runs with a reloaded nodelist: the transport reaches the new peers and the core takes
    /// their ids. Returns once applied (at once when not running).
    /// - Throws: ``SocketError`` when this node is missing or moved, or a socket cannot be
    ///   opened (nothing changed then).
    public func setPeers(_ peers: [NodeID: SocketAddress]) async throws(SocketError) {
        let error = try? await performWithTransport { core, _, _, transport -> SocketError? in
            if let error = transport.setPeers(peers) { return error }
            _ = core.setNodes(Array(peers.keys))
            return nil
        }
        if let error = error ?? nil { throw error }
    }

    /// The latest snapshot of the ring's state and counters.
    public var status: TotemRingStatus { shared.status.withLock { $0 } }
}

/// What a request answers on the ring thread.
public enum RingRequestOutcome<Result: Sendable>: Sendable {
    /// Done, with this answer.
    case answer(Result)
    /// No room yet: run again after the next input.
    case retryLater
}

/// The ring is not running (not started, left, or failed).
public struct RingStoppedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Creates the error.
    public init() {}
    /// `the ring is not running`.
    public var description: String { "the ring is not running" }
}

/// Carries the ring loop to its thread: built by ``RingRuntime/start()`` and handed over once,
/// never touched by the starting thread again, so the box may be sent.
@usableFromInline
struct LoopHandoff<Core: RingDrivenCore>: @unchecked Sendable {
    @usableFromInline
    let loop: RingLoop<Core>

    @inlinable
    init(_ loop: RingLoop<Core>) { self.loop = loop }
}
