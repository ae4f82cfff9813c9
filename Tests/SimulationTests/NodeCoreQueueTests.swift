import NodeCore
import Testing
import Totem
import TotemSimulator
import VoteQuorum

/// The node core keeps the services' multicasts when the ring refuses them, and sends
/// them later, in order.
@Suite struct NodeCoreQueueTests {
    /// Drives a one-node ring by hand: datagrams loop back, timers fire when due.
    static func drive(_ node: inout NodeCore, _ effects: [NodeEffect], now: inout Instant, steps: Int) -> [NodeEffect] {
        var all = effects
        var inbox = effects.compactMap { if case .send(let bytes, _) = $0 { bytes } else { nil } }
        for _ in 0..<steps {
            if let bytes = inbox.first {
                inbox.removeFirst()
                let produced = node.receive(bytes, now: now)
                all += produced
                inbox += produced.compactMap { if case .send(let bytes, _) = $0 { bytes } else { nil } }
            } else if let deadline = node.nextDeadline {
                now = max(now, deadline)
                let produced = node.handleTimeout(now: now)
                all += produced
                inbox += produced.compactMap { if case .send(let bytes, _) = $0 { bytes } else { nil } }
            }
        }
        return all
    }

    @Test func engineMulticastsRefusedByAFullQueueWaitAndGoOutInOrder() throws {
        var node = NodeCore(nodeID: 1, nodes: [1], parameters: TotemParameters(nodeCount: 1), persistedRingSeq: 0)
        var now = Instant.zero
        var filled = 0
        for size in [60_000, 1] {
            while filled < 10_000 {
                do {
                    _ = try node.submit(Array(repeating: 7, count: size), group: PayloadTag.group, guarantee: .agreed, now: now)
                    filled += 1
                } catch {
                    break
                }
            }
        }
        #expect(filled > 0 && filled < 10_000)
        let started = node.start(now: now)
        #expect(node.pendingMulticasts.count == 1, "votequorum's first NODEINFO waits for room")
        let effects = Self.drive(&node, started, now: &now, steps: 20_000)
        #expect(node.pendingMulticasts.isEmpty)
        let engineDeliveries = effects.compactMap { effect -> DeliveredMessage? in
            if case .delivered(let message) = effect, message.groups == [GroupHeader.services] || message.groups == [GroupHeader.sync] { message } else { nil }
        }
        let appDeliveries = effects.count { if case .delivered(let message) = $0 { message.groups == [PayloadTag.group] } else { false } }
        #expect(appDeliveries == filled)
        #expect(engineDeliveries.count >= 1)
        #expect(node.quorumState?.quorate == true)
    }
}
