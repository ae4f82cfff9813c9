import Synchronization
import Totem

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The ring's thread: one core, its transport, and a `poll` loop that forwards the token
/// where it is received (no thread hop) and sleeps until a datagram, a request or the core's
/// next deadline. Confined to its thread, so it is deliberately not `Sendable`. Inlinable, so
/// that the module that starts a runtime specializes the loop for its core (unspecialized
/// generic code on the token path costs microseconds per hop).
@usableFromInline
final class RingLoop<Core: RingDrivenCore> {
    @usableFromInline
    var core: Core
    @usableFromInline
    let transport: any RingTransport
    @usableFromInline
    let shared: RingShared<Core>
    @usableFromInline
    let events: RingEvents<Core.Event>
    @usableFromInline
    let ringFile: RingSeqFile?
    @usableFromInline
    let nodeID: NodeID
    /// Requests that found no room in the core yet, oldest first; run again after each input.
    @usableFromInline
    var parked: [RingRequest<Core>] = []
    @usableFromInline
    var stopReason: String?
    @usableFromInline
    var published: (membership: RingMembership, at: Instant)?

    @inlinable
    init(
        core: Core, transport: any RingTransport, shared: RingShared<Core>,
        events: RingEvents<Core.Event>, ringFile: RingSeqFile?, nodeID: NodeID
    ) {
        self.core = core
        self.transport = transport
        self.shared = shared
        self.events = events
        self.ringFile = ringFile
        self.nodeID = nodeID
    }

    @inlinable
    func run() {
        apply(core.start(now: MonotonicClock.now()))
        var fds: [pollfd] = []
        var polledGeneration = -1
        while !isStopping {
            for request in shared.take() { perform(request) }
            if isStopping { break }
            if polledGeneration != transport.descriptorGeneration {
                polledGeneration = transport.descriptorGeneration
                fds = ([shared.wakeFD] + transport.descriptors).map {
                    pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
                }
            }
            var timeoutMs: Int32 = 1000
            if let deadline = core.nextDeadline {
                let now = MonotonicClock.now()
                let wait = deadline.nanoseconds > now.nanoseconds ? deadline.nanoseconds - now.nanoseconds : 0
                timeoutMs = Int32(min((wait + 999_999) / 1_000_000, 1000))
            }
            for index in fds.indices { fds[index].revents = 0 }
            if poll(&fds, nfds_t(fds.count), timeoutMs) > 0 {
                if fds[0].revents != 0 { shared.drainWake() }
                for entry in fds.dropFirst() where entry.revents != 0 && !isStopping {
                    transport.readReady(entry.fd) { datagram in
                        apply(core.receive(datagram, now: MonotonicClock.now()))
                        reportUnreachable()
                    }
                }
            }
            reportUnreachable()
            let now = MonotonicClock.now()
            if let deadline = core.nextDeadline, deadline <= now { apply(core.handleTimeout(now: now)) }
            if !parked.isEmpty { retryParked() }
            publish()
        }
        shutdown()
    }

    @inlinable
    var isStopping: Bool { stopReason != nil || core.stopped != nil }

    @inlinable
    func reportUnreachable() {
        for node in transport.takeUnreachable() {
            apply(core.peerUnreachable(node, now: MonotonicClock.now()))
        }
    }

    @inlinable
    func perform(_ request: RingRequest<Core>) {
        var effects: [Core.Effect] = []
        let answered = request.run(&core, MonotonicClock.now(), &effects, transport)
        apply(effects)
        if !answered { parked.append(request) }
    }

    @inlinable
    func retryParked() {
        let waiting = parked
        parked = []
        for (offset, request) in waiting.enumerated() {
            var effects: [Core.Effect] = []
            let answered = request.run(&core, MonotonicClock.now(), &effects, transport)
            apply(effects)
            if !answered {
                // Still no room: keep it and every later one in order.
                parked = Array(waiting[offset...])
                return
            }
        }
    }

    @inlinable
    func apply(_ effects: [Core.Effect]) {
        for effect in effects {
            switch Core.action(for: effect) {
            case .send(let bytes, let destination):
                transport.send(bytes, to: destination)
            case .publish(let event):
                events.yield(event)
            case .persistRingSeq(let seq):
                do throws(SocketError) {
                    try ringFile?.store(seq)
                } catch {
                    // corosync exits (status 21) when it cannot store the ring id: so do we.
                    stopReason = "cannot store ring id: \(error)"
                }
            case .dropped, .ignore:
                break
            }
        }
    }

    /// Copies the status for callers: at once when the membership changed, otherwise at most
    /// every 20 ms (the lock and the copy are kept off the token's path).
    @inlinable
    func publish(force: Bool = false) {
        let membership = core.membership
        let now = MonotonicClock.now()
        if !force, let last = published, last.membership == membership, now - last.at < .milliseconds(20) {
            return
        }
        published = (membership, now)
        let stats = core.srpStats
        let unsent = core.unsentMessages
        let drops = transport.unlistedSourceDrops
        shared.status.withLock {
            $0.state = membership.state
            $0.ringID = membership.ringID
            $0.members = membership.members
            $0.stats = stats
            $0.unlistedSourceDrops = drops
            $0.unsentMessages = unsent
        }
    }

    @inlinable
    func shutdown() {
        publish(force: true)
        shared.status.withLock { $0.running = false }
        for request in parked + shared.close() { request.cancel() }
        parked = []
        transport.close()
        var failure = stopReason
        if failure == nil, case .failed(let reason)? = core.stopped { failure = reason }
        events.yield(Core.stoppedEvent(failure: failure))
        events.finish()
    }
}
