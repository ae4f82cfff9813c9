import NodeCore
import Testing
import Totem

/// cpg inside ``EngineCore`` on a one-node ring whose multicasts are looped back in order:
/// requests are held while a sync runs, and the cpg phase carries our JOINLIST.
@Suite struct CPGEngineTests {
    /// Feeds every multicast back as delivered (a one-node ring) until none is left; returns
    /// all effects in order.
    func loop(_ engine: inout EngineCore, _ first: [EngineEffect], ring: RingID) -> [EngineEffect] {
        var all: [EngineEffect] = []
        var queue = first
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            all.append(effect)
            if case .multicast(let group, let payload, let guarantee) = effect {
                let message = DeliveredMessage(sender: 1, groups: [group], payload: payload, guarantee: guarantee, ringID: ring, seq: 0)
                queue += engine.delivered(message, now: Instant(nanoseconds: 0))
            }
        }
        return all
    }

    func cpgPayloads(_ effects: [EngineEffect]) -> [CPGExecMessage] {
        effects.compactMap { effect in
            guard case .multicast(let group, let payload, _) = effect, group == GroupHeader.services,
                  let header = try? ServiceHeader.decode(payload), header.service == 2 else { return nil }
            return try? CPGExecMessage.decode(payload)
        }
    }

    @Test func aJoinBeforeTheFirstSyncIsHeldThenAnnouncedInEverySync() throws {
        var engine = EngineCore(myID: 1, quorumConfiguration: nil, configVersion: nil)
        let group = try CPGGroupName("g")
        let held = try engine.cpgJoin(group: group, pid: 42)
        #expect(held.isEmpty)  // no ring yet: held
        let ring = RingID(rep: 1, seq: 4)
        let first = loop(&engine, engine.configurationChanged(
            ConfigurationChange(kind: .regular, ringID: ring, members: [1], left: [], joined: [1]), now: Instant(nanoseconds: 0)), ring: ring)
        // The first sync's cpg phase has no JOINLIST (the join is not delivered yet); the held
        // PROCJOIN goes out after "ready to provide service" and completes the join.
        #expect(cpgPayloads(first) == [.downlist(oldMembers: 0, left: []), .procJoin(group: group, pid: 42, reason: .join)])
        let completed = first.firstIndex { if case .syncCompleted = $0 { true } else { false } }
        let joinSent = first.firstIndex { if case .multicast(_, let payload, _) = $0 { payload.count == 168 } else { false } }
        #expect(completed != nil && joinSent != nil && completed! < joinSent!)
        #expect(first.contains(.cpg(CPGDelivery(recipient: CPGAddress(nodeID: 1, pid: 42), group: group, event: .membership(
            CPGMembershipChange(members: [CPGAddress(nodeID: 1, pid: 42)], joined: [CPGMemberChange(address: CPGAddress(nodeID: 1, pid: 42), reason: .join)], left: []))))))

        let next = RingID(rep: 1, seq: 8)
        _ = engine.configurationChanged(
            ConfigurationChange(kind: .transitional, ringID: next, members: [1], left: [], joined: []), now: Instant(nanoseconds: 0))
        let second = loop(&engine, engine.configurationChanged(
            ConfigurationChange(kind: .regular, ringID: next, members: [1], left: [], joined: []), now: Instant(nanoseconds: 0)), ring: next)
        #expect(cpgPayloads(second) == [.downlist(oldMembers: 1, left: []), .joinList([.init(pid: 42, group: group)])])
        // Our own JOINLIST does not disturb our membership.
        #expect(engine.cpg.members(of: group) == [CPGAddress(nodeID: 1, pid: 42)])

        // Messages flow once synchronized, in order.
        let sent = loop(&engine, try engine.cpgMulticast(group: group, pid: 42, payload: [9]), ring: next)
        #expect(sent.last == .cpg(CPGDelivery(recipient: CPGAddress(nodeID: 1, pid: 42), group: group,
                                              event: .message(from: CPGAddress(nodeID: 1, pid: 42), payload: [9]))))
    }

    @Test func aMalformedCPGMessageIsLoggedAndDropped() {
        var engine = EngineCore(myID: 1, quorumConfiguration: nil, configVersion: nil)
        let bad = ServiceHeader(service: 2, function: 3, size: 400).encode()
        let effects = engine.delivered(DeliveredMessage(sender: 2, groups: [GroupHeader.services], payload: bad, guarantee: .agreed,
                                                        ringID: RingID(rep: 1, seq: 1), seq: 1), now: Instant(nanoseconds: 0))
        #expect(effects.count == 1)
        if case .log(let subsystem, _) = effects.first { #expect(subsystem == "CPG") } else { Issue.record("no log: \(effects)") }
    }
}
