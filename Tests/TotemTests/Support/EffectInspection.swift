@testable import Totem

/// Decoded datagrams among `effects`, with their destinations.
func sentMessages(_ effects: [SRPEffect]) -> [(message: TotemMessage, to: Destination)] {
    effects.compactMap { effect in
        guard case .send(let bytes, let destination) = effect, let message = try? TotemMessage.decode(bytes) else { return nil }
        return (message, destination)
    }
}

func sentJoins(_ effects: [SRPEffect]) -> [Join] {
    sentMessages(effects).compactMap { if case .join(let join) = $0.message { join } else { nil } }
}

func sentTokens(_ effects: [SRPEffect]) -> [(token: OrfToken, to: Destination)] {
    sentMessages(effects).compactMap { if case .orfToken(let token) = $0.message { (token, $0.to) } else { nil } }
}

func sentCommitTokens(_ effects: [SRPEffect]) -> [(token: CommitToken, to: Destination)] {
    sentMessages(effects).compactMap { if case .commitToken(let token) = $0.message { (token, $0.to) } else { nil } }
}

func sentMcasts(_ effects: [SRPEffect]) -> [Mcast] {
    sentMessages(effects).compactMap { if case .mcast(let mcast) = $0.message { mcast } else { nil } }
}

func drops(_ effects: [SRPEffect]) -> [DropReason] {
    effects.compactMap { if case .dropped(let reason) = $0 { reason } else { nil } }
}

func deliveries(_ effects: [SRPEffect]) -> [PacketDelivery] {
    effects.compactMap { if case .deliver(let delivery) = $0 { delivery } else { nil } }
}

/// A two-node ring, formed and idle; returns the harness (node 2 is not the representative).
func formedPair(parameters: TotemParameters? = nil) -> SRPHarness {
    var harness = SRPHarness(nodes: [1, 2], parameters: parameters)
    harness.bootAll()
    _ = harness.runUntilRing(of: [1, 2])
    return harness
}

extension SRPCore {
    /// Feeds a datagram, then runs the timers due at the same instant (a membership change sends
    /// its JOIN from the join timer armed for `now`, after the other inputs of that instant).
    mutating func receiveAndSettle(_ datagram: [UInt8], now: Instant) -> [SRPEffect] {
        receive(datagram, now: now) + handleTimeout(now: now)
    }

    /// Feeds a datagram, then runs the timers until the next JOIN leaves (an accusation is
    /// answered after a short per-node delay, ``SRPCore/accusationAnswerBound``), at most until
    /// that bound has passed.
    mutating func receiveUntilJoin(_ datagram: [UInt8], now: Instant) -> (effects: [SRPEffect], sentAt: Instant) {
        var effects = receiveAndSettle(datagram, now: now)
        var at = now
        while sentJoins(effects).isEmpty, let deadline = nextDeadline, deadline <= now + accusationAnswerBound {
            at = deadline
            effects += handleTimeout(now: at)
        }
        return (effects, at)
    }
}
