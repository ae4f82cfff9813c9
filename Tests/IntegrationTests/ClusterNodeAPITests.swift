import ClusterEngine
import Foundation
import Logging
import Testing

/// The embedding API of ``ClusterNode`` on real UDP sockets (127.0.0.x), in this process.
@Suite(.serialized) struct ClusterNodeAPITests {
    static func configuration(port: Int, nodes: Int, local: UInt32, token: Int = 1000) throws -> TotemConfig {
        var text = "totem {\n\tversion: 2\n\tcluster_name: api\n\ttransport: udpu\n\ttoken: \(token)\n}\nnodelist {\n"
        for id in 1...nodes {
            text += "\tnode {\n\t\tring0_addr: 127.0.0.\(id)\n\t\tnodeid: \(id)\n\t}\n"
        }
        text += "}\nquorum {\n\tprovider: corosync_votequorum\n}\n"
        text = text.replacingOccurrences(
            of: "transport: udpu", with: "transport: udpu\n\tinterface {\n\t\tmcastport: \(port)\n\t}")
        return try TotemConfig.load(
            text, file: "api.conf", resolver: SystemResolver(), localAddresses: SystemLocalAddresses(),
            nodeID: NodeID(local))
    }

    static func port() -> Int { 42_000 + Int(getpid() % 400) * 4 }

    static var quiet: Logger {
        var logger = Logger(label: "api-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func readyReturnsTheFirstSyncedRingAndEverySubscriberSeesTheSameEvents() async throws {
        let node = try ClusterNode(
            configuration: Self.configuration(port: Self.port(), nodes: 1, local: 1),
            stateDirectory: nil, logger: Self.quiet)
        let first = node.events()
        let second = node.events()
        let membership = node.membershipEvents()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await node.run() }
            let ring = try await node.ready(timeout: .seconds(10))
            #expect(node.nodeStatus.ringID == ring)
            #expect(node.nodeStatus.members == [1])
            #expect(node.quorumState?.quorate == true)
            try await node.multicast(Array("one".utf8), group: "app")
            try await node.multicast(Array("two".utf8), group: "app")
            func delivered(_ stream: AsyncThrowingStream<ClusterEvent, any Error>) async throws -> [String] {
                var texts: [String] = []
                for try await event in stream {
                    if case .delivered(let message) = event {
                        texts.append(String(decoding: message.payload, as: UTF8.self))
                    }
                    if texts.count == 2 { break }
                }
                return texts
            }
            #expect(try await delivered(first) == ["one", "two"])
            #expect(try await delivered(second) == ["one", "two"])
            var sawSynced = false
            for try await event in membership {
                if case .synced(let synced, let members) = event {
                    #expect(synced == ring && members == [1])
                    sawSynced = true
                    break
                }
            }
            #expect(sawSynced)
            group.cancelAll()
        }
    }

    @Test func readyTimesOutWhenTheNodeDoesNotRun() async throws {
        let node = try ClusterNode(
            configuration: Self.configuration(port: Self.port() + 1, nodes: 1, local: 1),
            stateDirectory: nil, logger: Self.quiet)
        await #expect(throws: ClusterNodeError.notReady(.milliseconds(200))) {
            try await node.ready(timeout: .milliseconds(200))
        }
    }

    @Test func cancellingRunLeavesTheRingSoThePeerReformsAtOnce() async throws {
        let port = Self.port() + 2
        // A long token: without a LEAVE the survivor would need token + consensus (over 7 s).
        let one = try ClusterNode(
            configuration: Self.configuration(port: port, nodes: 2, local: 1, token: 6000),
            stateDirectory: nil, logger: Self.quiet)
        let two = try ClusterNode(
            configuration: Self.configuration(port: port, nodes: 2, local: 2, token: 6000),
            stateDirectory: nil, logger: Self.quiet)
        let changes = two.membershipEvents()
        try await withThrowingTaskGroup(of: Void.self) { survivors in
            survivors.addTask { try await two.run() }
            let leaving = Task { try await one.run() }
            var formed = false
            for try await event in changes {
                if case .synced(_, let members) = event, members == [1, 2] {
                    formed = true
                    break
                }
            }
            #expect(formed)
            let cancelled = ContinuousClock.now
            leaving.cancel()
            _ = await leaving.result
            var alone = false
            for try await event in changes {
                if case .synced(_, let members) = event, members == [2] {
                    alone = true
                    break
                }
            }
            let elapsed = ContinuousClock.now - cancelled
            #expect(alone)
            #expect(elapsed < .seconds(3), "the peer re-formed after \(elapsed): no LEAVE?")
            survivors.cancelAll()
        }
    }

    @Test func streamsEndWhenTheNodeStops() async throws {
        let node = try ClusterNode(
            configuration: Self.configuration(port: Self.port() + 3, nodes: 1, local: 1),
            stateDirectory: nil, logger: Self.quiet)
        let events = node.quorumStates()
        let runner = Task { try await node.run() }
        try await node.ready(timeout: .seconds(10))
        runner.cancel()
        _ = await runner.result
        var count = 0
        for try await _ in events { count += 1 }
        #expect(count >= 1)
        await #expect(throws: ClusterNodeError.notRunning) { try await node.multicast([1], group: "app") }
        // A subscription made after the stop ends at once.
        for try await _ in node.events() { Issue.record("an event after the stop") }
    }
}
