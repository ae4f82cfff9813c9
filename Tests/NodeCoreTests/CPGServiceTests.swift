import NodeCore
import Testing
import Totem

/// The cpg service state machine: join state, who is told what, and the sync phase.
@Suite struct CPGServiceTests {
    let group = try! CPGGroupName("g")
    let other = try! CPGGroupName("h")

    func membership(_ deliveries: [CPGDelivery]) -> [CPGMembershipChange] {
        deliveries.compactMap { if case .membership(let change) = $0.event { change } else { nil } }
    }

    /// A service on node 1 whose pid 10 joined `group` (its PROCJOIN delivered).
    func joined() throws -> CPGService {
        var service = CPGService(myID: 1)
        let join = try service.join(group: group, pid: 10)
        _ = service.receive(join, from: 1)
        return service
    }

    @Test func aLocalMemberHearsTheGroupFromItsOwnJoinOn() throws {
        var service = CPGService(myID: 1)
        let join = try service.join(group: group, pid: 10)
        #expect(join == .procJoin(group: group, pid: 10, reason: .join))
        #expect(service.localState(group: group, pid: 10) == .joinStarted)
        #expect(throws: CPGError.alreadyJoined(group: "g", pid: 10)) { try service.join(group: group, pid: 10) }
        // A message delivered before our join is not ours to hear.
        #expect(service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 2).isEmpty)
        #expect(service.receive(.mcast(group: group, pid: 5, sourceNode: 2, payload: [1]), from: 2).isEmpty)
        let own = service.receive(join, from: 1)
        #expect(own == [CPGDelivery(recipient: CPGAddress(nodeID: 1, pid: 10), group: group, event: .membership(CPGMembershipChange(
            members: [CPGAddress(nodeID: 1, pid: 10), CPGAddress(nodeID: 2, pid: 5)],
            joined: [CPGMemberChange(address: CPGAddress(nodeID: 1, pid: 10), reason: .join)], left: [])))])
        #expect(service.localState(group: group, pid: 10) == .joinCompleted)
        let message = service.receive(.mcast(group: group, pid: 5, sourceNode: 2, payload: [7]), from: 2)
        #expect(message.map(\.event) == [.message(from: CPGAddress(nodeID: 2, pid: 5), payload: [7])])
        // Another group's traffic is not delivered here.
        #expect(service.receive(.mcast(group: other, pid: 5, sourceNode: 2, payload: [7]), from: 2).isEmpty)
    }

    @Test func aPayloadOverOneRingMessageIsRefused() throws {
        let service = try joined()
        let limit = CPGService.maxPayloadSize
        #expect(limit == 1_048_576 - 5 - 184)
        _ = try service.multicast(group: group, pid: 10, payload: [UInt8](repeating: 0, count: limit))
        #expect(throws: CPGError.messageTooLarge(size: limit + 1, limit: limit)) {
            try service.multicast(group: group, pid: 10, payload: [UInt8](repeating: 0, count: limit + 1))
        }
    }

    @Test func anMcastFromANodeWithoutAMemberIsNotDelivered() throws {
        var service = try joined()
        #expect(service.receive(.mcast(group: group, pid: 99, sourceNode: 3, payload: [1]), from: 3).isEmpty)
        // Any member of the sender's node is enough (corosync checks the node, not the pid).
        _ = service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 3)
        #expect(service.receive(.mcast(group: group, pid: 99, sourceNode: 3, payload: [1]), from: 3).count == 1)
    }

    @Test func leavingEndsTheMembershipAfterItsOwnLeaveEvent() throws {
        var service = try joined()
        #expect(throws: CPGError.notJoined(group: "h", pid: 10)) { try service.leave(group: other, pid: 10) }
        let leave = try service.leave(group: group, pid: 10)
        #expect(leave == .procLeave(group: group, pid: 10, reason: .leave))
        #expect(throws: CPGError.notJoined(group: "g", pid: 10)) { try service.multicast(group: group, pid: 10, payload: []) }
        #expect(throws: CPGError.busy(group: "g", pid: 10)) { try service.join(group: group, pid: 10) }
        // Messages ordered before the leave still reach the leaving member.
        #expect(service.receive(.mcast(group: group, pid: 10, sourceNode: 1, payload: [1]), from: 1).count == 1)
        let own = service.receive(leave, from: 1)
        #expect(membership(own).map(\.left) == [[CPGMemberChange(address: CPGAddress(nodeID: 1, pid: 10), reason: .leave)]])
        #expect(service.localState(group: group, pid: 10) == nil)
        #expect(service.members(of: group).isEmpty)
        #expect(service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 2).isEmpty)
        // It may join again.
        _ = try service.join(group: group, pid: 10)
    }

    @Test func withoutLocalMembersTheSyncSendsOnlyADownlist() {
        var service = CPGService(myID: 1)
        service.syncInit(members: [1, 2], transitional: [1])
        #expect(service.syncProcess() == [.downlist(oldMembers: 0, left: [])])
        // Remote members do not make a JOINLIST of ours.
        _ = service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 2)
        #expect(service.syncProcess() == [.downlist(oldMembers: 0, left: [])])
    }

    @Test func withLocalMembersTheSyncAnnouncesThemInAJoinList() throws {
        var service = try joined()
        _ = service.receive(try service.join(group: other, pid: 3), from: 1)
        _ = service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 2)
        service.syncInit(members: [1, 2], transitional: [1])
        #expect(service.syncProcess() == [
            .downlist(oldMembers: 0, left: []),
            .joinList([.init(pid: 3, group: other), .init(pid: 10, group: group)]),
        ])
        #expect(service.syncProcess()[1].encode().count == 24 + 2 * 144)
    }

    @Test func membersOfADepartedNodeLeaveAtActivationWithNodeDown() throws {
        var service = try joined()
        _ = service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 2)
        _ = service.receive(.procJoin(group: group, pid: 6, reason: .join), from: 2)
        // Both nodes in the last activation; node 2 then goes away.
        service.syncInit(members: [1, 2], transitional: [1, 2])
        _ = service.receive(.joinList([.init(pid: 5, group: group), .init(pid: 6, group: group)]), from: 2)
        #expect(service.syncActivate().isEmpty)
        service.syncInit(members: [1], transitional: [1])
        #expect(service.syncProcess().first == .downlist(oldMembers: 2, left: [2]))
        let changes = membership(service.syncActivate())
        #expect(changes == [CPGMembershipChange(members: [CPGAddress(nodeID: 1, pid: 10)], joined: [], left: [
            CPGMemberChange(address: CPGAddress(nodeID: 2, pid: 5), reason: .nodeDown),
            CPGMemberChange(address: CPGAddress(nodeID: 2, pid: 6), reason: .nodeDown),
        ])])
        #expect(service.members(of: group) == [CPGAddress(nodeID: 1, pid: 10)])
        // A transitional list that misses this node (never sent by totem) does not drop our members.
        service.syncInit(members: [1], transitional: [])
        #expect(service.syncProcess().first == .downlist(oldMembers: 1, left: []))
        #expect(service.syncActivate().isEmpty)
    }

    @Test func joinListsAddMembersWithNodeUpAndDropTheUnannounced() throws {
        var service = try joined()
        _ = service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 3)
        service.syncInit(members: [1, 2, 3], transitional: [1, 3])
        // Our own JOINLIST comes back and changes nothing; node 3 no longer announces pid 5.
        _ = service.receive(.joinList([.init(pid: 10, group: group)]), from: 1)
        _ = service.receive(.joinList([.init(pid: 4, group: group)]), from: 2)
        let changes = membership(service.syncActivate())
        #expect(changes.map(\.joined) == [[CPGMemberChange(address: CPGAddress(nodeID: 2, pid: 4), reason: .nodeUp)], []])
        #expect(changes.last?.left == [CPGMemberChange(address: CPGAddress(nodeID: 3, pid: 5), reason: .processDown)])
        #expect(service.members(of: group) == [CPGAddress(nodeID: 1, pid: 10), CPGAddress(nodeID: 2, pid: 4)])
    }

    @Test func partialMcastsAreReassembledInOrder() throws {
        var service = try joined()
        _ = service.receive(.procJoin(group: group, pid: 5, reason: .join), from: 2)
        func part(_ type: CPGExecMessage.PartialType, _ bytes: [UInt8]) -> CPGExecMessage {
            .partialMcast(group: group, pid: 5, messageLength: 5, type: type, sourceNode: 2, fragment: bytes)
        }
        #expect(service.receive(part(.first, [1, 2]), from: 2).isEmpty)
        #expect(service.receive(part(.continued, [3]), from: 2).isEmpty)
        #expect(service.receive(part(.last, [4, 5]), from: 2).map(\.event) == [.message(from: CPGAddress(nodeID: 2, pid: 5), payload: [1, 2, 3, 4, 5])])
        // A last fragment without a first one is dropped.
        #expect(service.receive(part(.last, [9]), from: 2).isEmpty)
    }
}
