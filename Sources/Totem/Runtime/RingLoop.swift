#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A request from another thread to the ring's loop.
enum RingCommand: Sendable {
    case submit([UInt8], group: [UInt8], guarantee: Guarantee, reply: @Sendable (SubmitError?) -> Void)
    case leave(reply: @Sendable () -> Void)
    case setParameters(TotemParameters, reply: @Sendable () -> Void)
    case setPeers([NodeID: SocketAddress], reply: @Sendable (SocketError?) -> Void)
}

/// The ring's thread: one core, its sockets, and a `ppoll` loop that forwards the token without
/// any thread hop (spec: ../shared/BENCHMARKING.md, "Swift on the token path"). Confined to its
/// thread, so it is deliberately not `Sendable`.
final class RingLoop {
    var core: TotemCore
    /// The options, with `peers` following the nodelist reloads.
    var options: TotemRingOptions
    let receiveSocket: UDPSocket
    var senders: [NodeID: UDPSocket]
    var nodeByHost: [String: NodeID]
    /// Bumped by each applied ``setPeers(_:)``: the loop rebuilds its poll set when it changes.
    var peersGeneration = 0
    let shared: RingShared
    let events: AsyncStream<TotemRingEvent>.Continuation
    let ringFile: RingSeqFile?
    var buffer = [UInt8](repeating: 0, count: 136_192)
    /// Peers whose port was reported unreachable (the core ignores those it never heard from).
    var unreachable: [NodeID] = []
    var unlistedSourceDrops: UInt64 = 0
    var stopReason: String?
    var stopping = false
    var published: (state: MembershipState, ring: RingID, members: [NodeID], at: Instant)?

    init(core: TotemCore, options: TotemRingOptions, receiveSocket: UDPSocket, senders: [NodeID: UDPSocket],
         shared: RingShared, events: AsyncStream<TotemRingEvent>.Continuation, ringFile: RingSeqFile?) {
        self.core = core
        self.options = options
        self.receiveSocket = receiveSocket
        self.senders = senders
        self.shared = shared
        self.events = events
        self.ringFile = ringFile
        self.nodeByHost = Self.byHost(options.peers)
    }

    static func byHost(_ peers: [NodeID: SocketAddress]) -> [String: NodeID] {
        var byHost: [String: NodeID] = [:]
        for (node, address) in peers { byHost[address.host] = node }
        return byHost
    }

    func run() {
        apply(core.start(now: MonotonicClock.now()))
        var senderList: [(key: NodeID, value: UDPSocket)] = []
        var fds: [pollfd] = []
        var polledGeneration = -1
        while !stopping {
            for command in shared.takeCommands() { handle(command) }
            if stopping { break }
            if polledGeneration != peersGeneration {
                polledGeneration = peersGeneration
                senderList = senders.sorted { $0.key < $1.key }
                fds = [pollfd(fd: receiveSocket.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: shared.wakeFD, events: Int16(POLLIN), revents: 0)]
                for (_, socket) in senderList { fds.append(pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)) }
            }
            var timeoutMs: Int32 = 1000
            if let deadline = core.nextDeadline {
                let now = MonotonicClock.now()
                let wait = deadline.nanoseconds > now.nanoseconds ? deadline.nanoseconds - now.nanoseconds : 0
                timeoutMs = Int32(min((wait + 999_999) / 1_000_000, 1000))
            }
            for index in fds.indices { fds[index].revents = 0 }
            let ready = poll(&fds, nfds_t(fds.count), timeoutMs)
            if ready > 0 {
                if fds[0].revents != 0 { receiveAll() }
                if fds[1].revents != 0 { shared.drainWake() }
                for (offset, (node, socket)) in senderList.enumerated() where fds[offset + 2].revents != 0 {
                    if let code = socket.drainErrors(), code == ECONNREFUSED { unreachable.append(node) }
                }
            }
            reportUnreachable()
            let now = MonotonicClock.now()
            if let deadline = core.nextDeadline, deadline <= now { apply(core.handleTimeout(now: now)) }
            publish()
        }
        shutdown()
    }

    func receiveAll() {
        for _ in 0..<256 {
            guard let (count, source) = receiveSocket.receive(into: &buffer) else { return }
            guard let host = source?.host, nodeByHost[host] != nil else {
                unlistedSourceDrops += 1
                continue
            }
            guard count <= buffer.count else { continue }
            apply(core.receive(Array(buffer[0..<count]), now: MonotonicClock.now()))
            reportUnreachable()
        }
    }

    func reportUnreachable() {
        while let node = unreachable.popLast() {
            apply(core.peerUnreachable(node, now: MonotonicClock.now()))
        }
    }

    func handle(_ command: RingCommand) {
        switch command {
        case .submit(let payload, let group, let guarantee, let reply):
            do {
                apply(try core.submit(payload, group: group, guarantee: guarantee, now: MonotonicClock.now()))
                reply(nil)
            } catch {
                reply(error)
            }
        case .leave(let reply):
            apply(core.leave(now: MonotonicClock.now()))
            stopping = true
            reply()
        case .setParameters(let parameters, let reply):
            core.setParameters(parameters)
            reply()
        case .setPeers(let peers, let reply):
            reply(setPeers(peers))
        }
    }

    func apply(_ effects: [TotemEffect]) {
        for effect in effects {
            switch effect {
            case .send(let bytes, let destination):
                switch destination {
                case .node(let node): send(bytes, to: node)
                case .allNodes: for node in options.peers.keys { send(bytes, to: node) }
                }
            case .deliver(let message):
                events.yield(.delivered(message))
            case .configurationChanged(let change):
                events.yield(.configuration(change))
            case .persistRingSeq(let seq):
                do throws(SocketError) {
                    try ringFile?.store(seq)
                } catch {
                    // corosync exits (status 21) when it cannot store the ring id: so do we.
                    stopReason = "cannot store ring id: \(error)"
                    stopping = true
                }
            case .dropped:
                break
            }
        }
    }

    func send(_ bytes: [UInt8], to node: NodeID) {
        guard let socket = senders[node], let code = socket.send(bytes) else { return }
        if code == ECONNREFUSED { unreachable.append(node) }
    }

    /// Copies the status for callers: at once when the membership changed, otherwise at most
    /// every 20 ms (the lock and the copy are kept off the token's path).
    func publish(force: Bool = false) {
        let srp = core.srp
        let now = MonotonicClock.now()
        if !force, let last = published, last.state == srp.state, last.ring == srp.ringID, last.members == srp.members,
            now - last.at < .milliseconds(20)
        {
            return
        }
        published = (srp.state, srp.ringID, srp.members, now)
        shared.status.withLock {
            $0.state = srp.state
            $0.ringID = srp.ringID
            $0.members = srp.members
            $0.stats = srp.stats
            $0.unlistedSourceDrops = unlistedSourceDrops
            $0.unsentMessages = core.unsentMessages
        }
    }

    func shutdown() {
        publish(force: true)
        shared.status.withLock { $0.running = false }
        for command in shared.takeCommands() {
            switch command {
            case .submit(_, _, _, let reply): reply(.stopped)
            case .leave(let reply): reply()
            case .setParameters(_, let reply): reply()
            case .setPeers(_, let reply): reply(SocketError(operation: "set peers: the ring stopped", code: ESHUTDOWN))
            }
        }
        receiveSocket.close()
        for socket in senders.values { socket.close() }
        events.yield(.stopped(stopReason))
        events.finish()
    }
}
