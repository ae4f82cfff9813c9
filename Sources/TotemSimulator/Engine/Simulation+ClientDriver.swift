import Totem
import VoteQuorum

/// The swarm's local clients (full-stack runs with ``enableClients(_:)``): during the fault
/// phase, simulated processes join, leave and multicast to cpg groups, and an operator now and
/// then changes expected votes, re-sets a node's votes, kills a node or shuts one down.
///
/// Operator requests keep the quorum checkers' assumptions: expected votes are only ever
/// raised, from the nodelist's total up to two more (a lower value would let a minority
/// partition be quorate, which corosync allows an operator to do on purpose; a much higher one
/// would leave the whole cluster inquorate), and a node's votes are only set to their
/// configured value (a runtime change of votes is outside what the checkers model).
extension Simulation {
    /// Turns the client driver on with `settings` (its random source comes from the seed).
    public mutating func enableClients(_ settings: ClientSettings) {
        clients.settings = settings
        clients.random = SimulationRandom(seed: seed).fork(0xC11E_0001)
        let total = setup.quorumOptions?.nodelist.reduce(UInt32(0)) { $0 + ($1.quorumVotes ?? 1) } ?? 0
        clients.expectedFloor = total
    }

    mutating func scheduleClients() {
        guard let settings = clients.settings else { return }
        queue.push(.clients(admin: false), at: now + clients.random.duration(in: .zero...settings.cpgInterval * 2))
        if let interval = settings.adminInterval {
            queue.push(.clients(admin: true), at: now + clients.random.duration(in: .zero...interval * 2))
        }
    }

    mutating func clientActivity(admin: Bool) {
        guard let settings = clients.settings else { return }
        if admin {
            operatorRequest(settings)
            if let interval = settings.adminInterval {
                queue.push(.clients(admin: true), at: now + clients.random.duration(in: .zero...interval * 2))
            }
        } else {
            for _ in 0..<clients.random.int(in: settings.burstSize) where violations.isEmpty { cpgRequest(settings) }
            let delay = clients.random.duration(in: .zero...settings.cpgInterval * 2)
            queue.push(.clients(admin: false), at: now + delay)
        }
    }

    private mutating func cpgRequest(_ settings: ClientSettings) {
        guard let node = clients.random.pick(nodeIDs.filter { status(of: $0) == .running }),
            let pid = clients.random.pick(settings.pids), let group = clients.random.pick(settings.groups)
        else { return }
        let incarnation = slots[index(node)].incarnation
        if clients.memberships[node]?.incarnation != incarnation { clients.memberships[node] = (incarnation, []) }
        let membership = ClientMembership(group: group, pid: pid)
        let member = clients.memberships[node]?.joined.contains(membership) ?? false
        do throws(ClientRefusal) {
            if !member {
                try cpgJoin(node: node, pid: pid, group: group)
                setMember(membership, on: node, true)
            } else if clients.random.chance(perMille: 120) {
                try cpgLeave(node: node, pid: pid, group: group)
                setMember(membership, on: node, false)
            } else {
                let filler = clients.random.int(in: 0...settings.maxFiller)
                try cpgMulticast(node: node, pid: pid, group: group, filler: filler)
            }
        } catch {
            // What a client does with each answer: try again later, or correct its belief.
            switch error {
            case .alreadyJoined: setMember(membership, on: node, true)
            case .notJoined: setMember(membership, on: node, false)
            case .tryAgain, .busy, .unsupported, .refused: break
            }
        }
    }

    private mutating func setMember(_ membership: ClientMembership, on node: NodeID, _ member: Bool) {
        var joined = clients.memberships[node]?.joined ?? []
        joined.removeAll { $0 == membership }
        if member { joined.append(membership) }
        clients.memberships[node]?.joined = joined.sorted()
    }

    private mutating func operatorRequest(_ settings: ClientSettings) {
        let live = liveNodes
        guard let node = clients.random.pick(nodeIDs.filter { status(of: $0) == .running }) else { return }
        let request: ClientRequest
        if clients.random.chance(perMille: settings.stopPerMille) {
            // Like the crash fault, never take the last live node down.
            guard live.count > 1 else { return }
            if clients.random.chance(perMille: 500), let target = clients.random.pick(live) {
                request = .killNode(target, reason: "simulated kill by node \(node)")
            } else {
                request = .shutdown(fallback: clients.random.duration(in: .milliseconds(500) ... .seconds(5)))
            }
        } else if let options = setup.quorumOptions, clients.random.chance(perMille: 500),
            let entry = clients.random.pick(options.nodelist)
        {
            request = .setVotes(entry.quorumVotes ?? 1, of: entry.nodeID)
        } else {
            guard let options = setup.quorumOptions else { return }
            // At most two above the total, and low enough that all nodes together stay quorate.
            let total = options.nodelist.reduce(UInt32(0)) { $0 + ($1.quorumVotes ?? 1) }
            let cap = max(total, min(total + 2, 2 * total - 1))
            let expected = min(cap, clients.expectedFloor + UInt32(clients.random.int(in: 0...2)))
            request = .setExpectedVotes(expected)
        }
        do throws(ClientRefusal) {
            try self.request(request, on: node)
            if case .setExpectedVotes(let expected) = request {
                clients.expectedFloor = max(clients.expectedFloor, expected)
            }
        } catch {
            // Refused (votequorum's validation, a target outside the ring): the operator gives up.
        }
    }
}
