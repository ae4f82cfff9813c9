import Totem

/// The swarm driver: during the fault phase it injects the faults and submissions that the
/// seed's ``FaultSettings`` call for, each kind on its own random schedule.
extension Simulation {
    /// A simulation whose fault knobs and node setup are drawn from `seed` (see
    /// ``FaultSettings/swarm(seed:nodeCount:toggles:maxMessageBytes:)``).
    public static func swarm(
        seed: UInt64, nodeCount: Int, toggles: FaultToggles = .all, maxMessageBytes: Int = PayloadTag.largestBody
    ) -> Simulation {
        Simulation(
            seed: seed, nodeCount: nodeCount,
            faults: .swarm(seed: seed, nodeCount: nodeCount, toggles: toggles, maxMessageBytes: maxMessageBytes),
            setup: Node.swarmSetup(seed: seed, nodeCount: nodeCount))
    }

    /// Runs `duration` of virtual time with the swarm driver injecting faults and submissions.
    /// Faults left over at the end (partitions, crashed or paused nodes) are repaired only by
    /// ``checkLiveness(bound:)``.
    public mutating func runFaultPhase(for duration: Duration) {
        faultPhase = true
        let kinds: [(FaultKind, Duration?)] = [
            (.partition, faults.partitionInterval), (.crash, faults.crashInterval), (.pause, faults.pauseInterval),
            (.clog, faults.clogInterval), (.forge, faults.forgeInterval),
        ]
        for (kind, interval) in kinds {
            if let interval { queue.push(.fault(kind), at: now + random.duration(in: .zero...interval * 2)) }
        }
        if let interval = faults.submitInterval {
            queue.push(.submitBurst, at: now + random.duration(in: .zero...interval * 2))
        }
        scheduleClients()
        run(for: duration)
        faultPhase = false
    }

    /// One scheduled fault, then the next one of that kind.
    mutating func injectFault(_ kind: FaultKind) {
        let interval: Duration?
        switch kind {
        case .partition:
            interval = faults.partitionInterval
            if network.isPartitioned { heal() } else { randomPartition() }
        case .crash:
            interval = faults.crashInterval
            randomCrash()
        case .pause:
            interval = faults.pauseInterval
            randomPause()
        case .clog:
            interval = faults.clogInterval
            if let victim = random.pick(nodeIDs) {
                clog(victim, by: random.duration(in: faults.clogDelay), for: random.duration(in: faults.clogLength))
            }
        case .forge:
            interval = faults.forgeInterval
            forgeBurst()
        }
        if let interval { queue.push(.fault(kind), at: now + random.duration(in: .zero...interval * 2)) }
    }

    private mutating func randomPartition() {
        let count = nodeIDs.count
        guard count > 1 else { return }
        if random.chance(perMille: faults.asymmetricPerMille) {
            // One-way cuts: a few victims each lose either all their outgoing or all their
            // incoming links.
            let victims = random.int(in: 1...max(1, count / 2))
            for _ in 0..<victims {
                guard let victim = random.pick(nodeIDs) else { break }
                let outgoing = random.chance(perMille: 500)
                for other in nodeIDs where other != victim {
                    if outgoing { block(from: victim, to: other) } else { block(from: other, to: victim) }
                }
            }
            return
        }
        let groupCount = random.int(in: 2...min(3, count))
        var groups = Array(repeating: [NodeID](), count: groupCount)
        for node in nodeIDs { groups[Int(random.below(UInt64(groupCount)))].append(node) }
        groups.removeAll { $0.isEmpty }
        if groups.count > 1 { partition(groups) }
    }

    /// Crashes (or, sometimes, cleanly stops) a random live node, keeping at least one up.
    private mutating func randomCrash() {
        let live = liveNodes
        guard live.count > 1, let victim = random.pick(live) else { return }
        let downtime = random.duration(in: faults.downtime)
        if status(of: victim) == .running, random.chance(perMille: faults.leavePerMille) {
            leave(victim, restartAfter: downtime)
        } else {
            crash(victim, restartAfter: downtime)
        }
    }

    private mutating func randomPause() {
        let running = nodeIDs.filter { status(of: $0) == .running }
        guard let victim = random.pick(running) else { return }
        pause(victim, for: random.duration(in: faults.pauseLength))
    }

    /// A burst of submissions from random running nodes, of mixed sizes and guarantees.
    mutating func submitBurst() {
        let count = random.int(in: faults.burstSize)
        for _ in 0..<count {
            guard let node = random.pick(nodeIDs.filter { status(of: $0) == .running }) else { break }
            let guarantee: Guarantee = random.chance(perMille: faults.safePerMille) ? .safe : .agreed
            let bytes: Int
            if random.chance(perMille: faults.hugePerMille) {
                bytes = random.int(in: 100 << 10...PayloadTag.largestBody)
            } else if random.chance(perMille: faults.largePerMille) {
                bytes = random.int(in: 1 << 10...100 << 10)
            } else {
                bytes = random.int(in: 0...1 << 10)
            }
            submit(from: node, bytes: min(bytes, faults.maxMessageBytes), guarantee: guarantee)
        }
        if let interval = faults.submitInterval {
            queue.push(.submitBurst, at: now + random.duration(in: .zero...interval * 2))
        }
    }
}

extension Simulation {
    /// A burst of forged datagrams (see ``Forgery``), each from a random listed node to one
    /// random node, arriving after one network latency.
    mutating func forgeBurst() {
        for _ in 0..<forgery.random.int(in: faults.forgeBurst) {
            guard let sender = forgery.random.pick(nodeIDs), let target = forgery.random.pick(nodeIDs),
                let bytes = forgery.forge(from: sender, nodes: nodeIDs)
            else { continue }
            statistics.forgedDatagrams += 1
            if traceEvents { note("attacker sends \(Self.describe(bytes)) as node \(sender) to node \(target)") }
            queue.push(.datagram(from: sender, to: target, bytes: bytes), at: now + network.settings.latency)
        }
    }
}
