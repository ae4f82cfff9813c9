import CMap
import NodeCore
import Testing
import Totem
import VoteQuorum

/// Local users' requests, the node's own timers, and how it stops.
@Suite struct NodeCoreRequestTests {
    @Test func localMessagesBeyondTheQueueLimitAreRefusedWithTryAgain() throws {
        // Not started: no sync has completed, so cpg messages are held until one does.
        var core = CoreCluster(nodes: [1]).cores[1]!
        let group = try CPGGroupName("g")
        _ = try core.cpgJoin(group: group, pid: 7, now: .zero)
        var accepted = 1
        while core.acceptsLocalMessages {
            _ = try core.cpgMulticast(group: group, pid: 7, payload: [1], now: .zero)
            accepted += 1
        }
        #expect(accepted == NodeCore.localQueueLimit)
        #expect(throws: CPGError.tryAgain) { try core.cpgMulticast(group: group, pid: 7, payload: [1], now: .zero) }
    }

    @Test func heldMessagesGoOutInOrderOnceTheFirstSyncCompleted() throws {
        var cluster = CoreCluster(nodes: [1])
        let group = try CPGGroupName("g")
        cluster.call(1) { core, now in (try? core.cpgJoin(group: group, pid: 7, now: now)) ?? [] }
        for byte: UInt8 in 1...5 {
            cluster.call(1) { core, now in
                (try? core.cpgMulticast(group: group, pid: 7, payload: [byte], now: now)) ?? []
            }
        }
        cluster.start()
        cluster.run(for: .seconds(2))
        let events = (cluster.effects[1] ?? []).compactMap { effect -> CPGEvent? in
            if case .cpg(let delivery) = effect { delivery.event } else { nil }
        }
        let payloads = events.compactMap { if case .message(_, let payload) = $0 { payload.first } else { nil } }
        #expect(payloads == [1, 2, 3, 4, 5])
        guard case .membership(let joined)? = events.first else {
            Issue.record("no join event first: \(events)")
            return
        }
        #expect(joined.members == [CPGAddress(nodeID: 1, pid: 7)])
    }

    @Test func aShutdownLeavesAfterItsFallbackWhenTheMessageIsNotDelivered() throws {
        var cluster = CoreCluster(nodes: [1, 2])
        cluster.call(1) { core, now in (try? core.requestShutdown(fallback: .milliseconds(20), now: now)) ?? [] }
        #expect(throws: NodeAdminError.shutdownInProgress) {
            var core = cluster.cores[1]!
            _ = try core.requestShutdown(now: cluster.now)
        }
        cluster.start()
        cluster.run(for: .milliseconds(50))
        var core = try #require(cluster.cores[1])
        #expect(core.stop == .left)
        #expect(core.nextDeadline == nil)
        #expect(core.receive([0, 0, 0, 0], now: cluster.now).isEmpty)
    }

    @Test func aDeliveredShutdownMakesTheNodeLeaveAndTheOthersSeeIt() throws {
        var cluster = CoreCluster(nodes: [1, 2])
        cluster.start()
        cluster.run(for: .seconds(2))
        cluster.call(1) { core, now in (try? core.requestShutdown(now: now)) ?? [] }
        cluster.run(for: .seconds(1))
        #expect(cluster.cores[1]?.stop == .left)
        let logs = (cluster.effects[2] ?? []).compactMap { if case .log(_, let m) = $0 { m } else { nil } }
        #expect(logs.contains("Node 1 was shut down by sysadmin"))
    }

    @Test func killingThisNodeStopsItsCore() throws {
        var cluster = CoreCluster(nodes: [1, 2])
        cluster.start()
        cluster.run(for: .seconds(2))
        #expect(throws: NodeAdminError.notMember(3)) {
            var core = cluster.cores[2]!
            _ = try core.killNode(3, reason: "no", now: cluster.now)
        }
        cluster.call(2) { core, now in (try? core.killNode(1, reason: "test", now: now)) ?? [] }
        cluster.run(for: .seconds(1))
        let core = try #require(cluster.cores[1])
        #expect(core.stop == .killed(by: 2, reason: "test"))
        #expect(core.stop?.failure == "Killed by node 2 : test")
        #expect(core.nextDeadline == nil)
        #expect(cluster.effects[1]?.contains(.killed(by: 2, reason: "test")) == true)
    }

    @Test func membershipAndCountersComeOutAsCMapUpdates() throws {
        var cluster = CoreCluster(nodes: [1, 2])
        cluster.start()
        cluster.run(for: .seconds(2))
        let map = CMap()
        for case .cmap(let updates) in cluster.effects[1] ?? [] {
            for update in updates {
                switch update {
                case .set(let key, let value): map.update([(key, value)])
                case .increment(let key):
                    let old: UInt64 =
                        (try? map.get(key)).flatMap { if case .uint64(let v) = $0 { v } else { nil } } ?? 0
                    map.update([(key, .uint64(old + 1))])
                }
            }
        }
        #expect(map["runtime.members.2.status"] == .string("joined"))
        #expect(map["runtime.votequorum.this_node_id"] == .uint32(1))
        #expect((map["runtime.services.votequorum.0.tx"]).map { $0 != .uint64(0) } == true)
    }

    @Test func theRingReportsLeavingOperational() {
        var cluster = CoreCluster(nodes: [1, 2])
        cluster.start()
        cluster.run(for: .seconds(2))
        cluster.isolate(2)
        cluster.run(for: .seconds(2))
        let changes = (cluster.effects[1] ?? []).compactMap { if case .operational(let up) = $0 { up } else { nil } }
        #expect(changes.starts(with: [true, false, true]))
    }
}
