import Testing
import Totem
import VoteQuorum

@Suite struct SyncAndMessageTests {
    func started(_ id: NodeID, _ options: VoteQuorumOptions = VoteQuorumOptions(nodelist: nodelist([1, 2, 3]))) throws -> VoteQuorumCore {
        var core = VoteQuorumCore(configuration: try options.resolve(localNodeID: id))
        _ = core.start()
        return core
    }

    @Test func syncProcessSendsOurNodeInfoThenTheDevicesOnce() throws {
        var core = try started(2)
        _ = core.configurationChanged(
            ConfigurationChange(kind: .regular, ringID: RingID(rep: 1, seq: 8), members: [1, 2], left: [], joined: [1]), now: .zero)
        let step = core.syncProcess()
        #expect(step.done)
        #expect(step.messages == [
            .nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 3, flags: [])),
            .nodeInfo(NodeInfo(nodeID: 0, votes: 0, expectedVotes: 0, flags: [])),
        ])
        #expect(core.syncProcess() == VoteQuorumSyncStep(messages: [], done: true))
        let activated = core.syncActivate()
        #expect(activated.last == .quorumChanged(core.state))
        #expect(core.state.ringID == RingID(rep: 1, seq: 8))
        #expect(core.state.members.map(\.nodeID) == [1, 2])
    }

    @Test func firstFlagIsKeptWhileAlone() throws {
        var core = try started(1)
        _ = core.syncInit(members: [1], ringID: RingID(rep: 1, seq: 4), now: .zero)
        #expect(core.syncProcess().messages.first == .nodeInfo(NodeInfo(nodeID: 1, votes: 1, expectedVotes: 3, flags: [.first])))
    }

    @Test func transitionalConfigurationsAreIgnored() throws {
        var core = try started(1)
        let before = core.state
        let change = ConfigurationChange(kind: .transitional, ringID: RingID(rep: 1, seq: 8), members: [1], left: [2], joined: [])
        #expect(core.configurationChanged(change, now: .zero).isEmpty)
        #expect(core.state == before)
    }

    @Test func quorumChangesDuringSyncAreReportedOnlyAtActivation() throws {
        var core = try started(1)
        _ = core.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: .zero)
        let effects = core.receive(.nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 3, flags: [])), from: 2)
        #expect(core.state.quorate)
        #expect(!effects.contains { if case .quorumChanged = $0 { true } else { false } })
        #expect(core.syncActivate().contains(.quorumChanged(core.state)))
        // Outside sync a change is reported at once.
        let demoted = core.receive(.reconfigure(Reconfigure(nodeID: 2, value: 0, parameter: .nodeVotes)), from: 2)
        #expect(demoted.contains { if case .quorumChanged(let state) = $0 { !state.quorate } else { false } })
    }

    @Test func nodeInfoFromANodeOutsideTheMembershipIsCountedAsCorosyncDoes() throws {
        var core = try started(1)
        _ = core.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: .zero)
        _ = core.receive(.nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 3, flags: [])), from: 2)
        _ = core.syncActivate()
        // Node 9 is neither in the membership nor in the nodelist: stock votequorum adds it.
        _ = core.receive(.nodeInfo(NodeInfo(nodeID: 9, votes: 1, expectedVotes: 3, flags: [])), from: 9)
        #expect(core.state.totalVotes == 3)
        #expect(core.state.members.map(\.nodeID) == [1, 2])
    }

    @Test func deviceNodeInfoFromAnUnknownSenderIsDroppedNotFatal() throws {
        var core = try started(1)
        let effects = core.receive(.nodeInfo(NodeInfo(nodeID: 0, votes: 1, expectedVotes: 0, flags: [])), from: 7)
        #expect(effects == [.dropped(.deviceInfoFromUnknownSender(7))])
        #expect(core.state.deviceVotes == 0)
    }

    @Test func deviceVotesAnnouncedByAMemberRaiseExpectedVotes() throws {
        var core = try started(1)
        _ = core.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: .zero)
        _ = core.receive(.nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 3, flags: [.qdeviceRegistered])), from: 2)
        _ = core.receive(.nodeInfo(NodeInfo(nodeID: 0, votes: 2, expectedVotes: 0, flags: [])), from: 2)
        #expect(core.state.deviceVotes == 2)
        // Device votes count towards raising expected votes, not towards our total (no cast vote here).
        #expect(core.state.expectedVotes == 4 && core.state.totalVotes == 2)
        #expect(core.syncProcess().messages[1] == .nodeInfo(NodeInfo(nodeID: 0, votes: 2, expectedVotes: 0, flags: [])))
    }

    @Test func deviceNamesFollowRegistrationMessages() throws {
        var core = try started(1)
        _ = core.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: .zero)
        _ = core.receive(.qdeviceRegistration(QDeviceRegistration(operation: .register, name: "Qdevice")), from: 2)
        #expect(core.state.deviceName == "Qdevice")
        _ = core.receive(.qdeviceRegistration(QDeviceRegistration(operation: .register, name: "Other")), from: 2)
        #expect(core.state.deviceName == "Qdevice")
        _ = core.receive(.qdeviceRename(QDeviceRename(oldName: "Qdevice", newName: "Renamed")), from: 2)
        #expect(core.state.deviceName == "Renamed")
        #expect(core.syncProcess().messages.last
            == .qdeviceRegistration(QDeviceRegistration(operation: .register, name: "Renamed")))
        _ = core.receive(.qdeviceRegistration(QDeviceRegistration(operation: .unregister, name: "Renamed")), from: 2)
        #expect(core.state.deviceName == "")
    }

    @Test func bytesAreDecodedOrDropped() throws {
        var core = try started(1)
        let bytes = VoteQuorumMessage.nodeInfo(NodeInfo(nodeID: 2, votes: 1, expectedVotes: 3, flags: [])).encode()
        _ = core.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: .zero)
        #expect(!core.receive(bytes: bytes, swapped: false, from: 2).contains { if case .dropped = $0 { true } else { false } })
        #expect(core.state.totalVotes == 2)
        let dropped = core.receive(bytes: Array(bytes.prefix(20)), swapped: false, from: 2)
        #expect(dropped == [.dropped(.malformed(.truncated(offset: 20, needed: 4, available: 0)))])
    }

    @Test func expectedVotesTrackingPersistsTheBarrierAndUsesItAtRestart() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3]), expectedVotesTracking: true)
        var core = VoteQuorumCore(configuration: try options.resolve(localNodeID: 1))
        #expect(core.start().contains(.persistExpectedVotesBarrier(3)))
        _ = core.syncInit(members: [1, 2], ringID: RingID(rep: 1, seq: 4), now: .zero)
        let effects = core.receive(.nodeInfo(NodeInfo(nodeID: 2, votes: 4, expectedVotes: 3, flags: [])), from: 2)
        #expect(effects.contains(.persistExpectedVotesBarrier(5)))
        #expect(core.trackedExpectedVotes == 5)
        var restarted = VoteQuorumCore(configuration: try options.resolve(localNodeID: 1), trackedExpectedVotes: 5)
        #expect(!restarted.start().contains { if case .persistExpectedVotesBarrier = $0 { true } else { false } })
        #expect(restarted.state.expectedVotes == 5 && restarted.state.quorum == 3)
    }

    @Test func allowDownscaleLowersExpectedVotesWhenANodeLeavesCleanly() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4, 5]), allowDownscale: true)
        var cluster = try TestCluster(options, nodes: ids(5))
        cluster.form([ids(5)])
        #expect(cluster.state(1).flags.contains(.allowDownscale))
        #expect(cluster.persisted[1] == 5)
        // A clean leave multicasts LEAVING: members' expected votes drop to the voters left,
        // quorum stays bounded by the expected-votes barrier (5 -> quorum 3).
        cluster.apply(cluster.cores[5]!.leave(), at: 5)
        let state = cluster.state(1)
        #expect(state.totalVotes == 4 && state.quorum == 3 && state.quorate)
        #expect(state.members.first { $0.nodeID == 5 }?.state == .leaving)
        #expect(state.members.first { $0.nodeID == 2 }?.expectedVotes == 4)
        #expect(cluster.cores[1]!.leave().isEmpty == false)
        var plain = try TestCluster(VoteQuorumOptions(nodelist: nodelist([1, 2])), nodes: [1, 2])
        #expect(plain.cores[1]!.leave().isEmpty)
    }
}

@Suite struct HandleDispatchTests {
    @Test func handleRoutesEveryInput() throws {
        let options = VoteQuorumOptions(nodelist: nodelist([1, 2, 3, 4]), lastManStanding: true)
        var core = VoteQuorumCore(configuration: try options.resolve(localNodeID: 1))
        _ = core.start()
        let ring = RingID(rep: 1, seq: 4)
        _ = core.handle(.configurationChanged(ConfigurationChange(kind: .regular, ringID: ring, members: [1, 2, 3, 4], left: [], joined: [2, 3, 4])), now: .zero)
        _ = core.syncProcess()
        for id: NodeID in [1, 2, 3] {
            _ = core.handle(.received(.nodeInfo(NodeInfo(nodeID: id, votes: 1, expectedVotes: 4, flags: [])), from: id), now: .zero)
        }
        let bytes = VoteQuorumMessage.nodeInfo(NodeInfo(nodeID: 4, votes: 1, expectedVotes: 4, flags: [])).encode()
        _ = core.handle(.receivedBytes(bytes, swapped: false, from: 4), now: .zero)
        _ = core.syncActivate()
        #expect(core.state.totalVotes == 4 && core.state.quorum == 3)
        let start = Instant(nanoseconds: 1_000_000_000)
        _ = core.handle(.configurationChanged(ConfigurationChange(kind: .regular, ringID: RingID(rep: 1, seq: 8), members: [1, 2, 3], left: [4], joined: [])), now: start)
        _ = core.syncActivate()
        #expect(core.nextDeadline == start + .milliseconds(10_000))
        #expect(core.handle(.timeout, now: start + .milliseconds(9_999)).isEmpty)
        _ = core.handle(.timeout, now: start + .milliseconds(10_000))
        #expect(core.state.expectedVotes == 3 && core.state.quorum == 2 && core.nextDeadline == nil)
    }
}
