import NodeCore
import Testing
import Totem

@Suite struct SyncEngineTests {
    let ring = RingID(rep: 1, seq: 9)

    func regular(_ members: [NodeID], ring: RingID) -> ConfigurationChange {
        ConfigurationChange(kind: .regular, ringID: ring, members: members, left: [], joined: [])
    }

    @Test func messagesKeepCorosyncsCapturedLayouts() throws {
        let build = SyncMessage.serviceBuild(ring, services: [0, 2, 3, 5]).encode()
        #expect(build.count == 552)
        #expect(Array(build.prefix(48)) == [1, 0, 0, 0, 0, 0, 0, 0, 0x28, 2, 0, 0, 0, 0, 0, 0,
                                            1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                            4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0])
        let barrier = SyncMessage.barrier(ring).encode()
        #expect(barrier == [0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(try SyncMessage.decode(build) == .serviceBuild(ring, services: [0, 2, 3, 5]))
        #expect(try SyncMessage.decode(barrier) == .barrier(ring))
    }

    @Test func phasesRunInLockstepOverTheUnionOfServiceLists() {
        var engine = SyncEngine(myID: 1, localServices: [0, 5])
        let start = engine.configurationChanged(regular([1, 2], ring: ring))
        #expect(start.first == .multicast(.serviceBuild(ring, services: [0, 5])))
        #expect(engine.receive(.serviceBuild(ring, services: [0, 5]), from: 1).isEmpty)
        // The peer advertises a service we do not run: it becomes a phase too.
        #expect(engine.receive(.serviceBuild(ring, services: [0, 2, 5]), from: 2) == [.process(service: 0)])
        #expect(engine.services == [0, 2, 5])
        #expect(engine.serviceProcessed() == [.multicast(.barrier(ring))])
        #expect(engine.receive(.barrier(ring), from: 2).isEmpty)
        #expect(engine.receive(.barrier(ring), from: 1) == [.activate(service: 0), .process(service: 2)])
        _ = engine.serviceProcessed()
        _ = engine.receive(.barrier(ring), from: 1)
        #expect(engine.receive(.barrier(ring), from: 2) == [.activate(service: 2), .process(service: 5)])
        _ = engine.serviceProcessed()
        _ = engine.receive(.barrier(ring), from: 2)
        #expect(engine.receive(.barrier(ring), from: 1) == [.activate(service: 5), .completed(ring)])
        #expect(engine.isComplete)
    }

    @Test func messagesOfAnotherRingAreIgnoredAndAChangeRestartsTheSync() {
        var engine = SyncEngine(myID: 2)
        _ = engine.configurationChanged(regular([1, 2], ring: ring))
        let old = RingID(rep: 1, seq: 5)
        #expect(engine.receive(.serviceBuild(old, services: [0]), from: 1).isEmpty)
        #expect(engine.receive(.barrier(old), from: 1).isEmpty)
        let next = RingID(rep: 1, seq: 13)
        let restart = engine.configurationChanged(regular([1, 2, 3], ring: next))
        #expect(restart.first == .multicast(.serviceBuild(next, services: [0, 2, 3, 5])))
        #expect(engine.phase == .building)
        #expect(engine.receive(.serviceBuild(ring, services: [0]), from: 1).isEmpty)
    }

    @Test func aBarrierFromOutsideTheMembershipDoesNotCount() {
        var engine = SyncEngine(myID: 1, localServices: [3])
        _ = engine.configurationChanged(regular([1, 2], ring: ring))
        _ = engine.receive(.serviceBuild(ring, services: [3]), from: 1)
        _ = engine.receive(.serviceBuild(ring, services: [3]), from: 2)
        _ = engine.serviceProcessed()
        _ = engine.receive(.barrier(ring), from: 1)
        #expect(engine.receive(.barrier(ring), from: 7).isEmpty)
        #expect(engine.receive(.barrier(ring), from: 2) == [.activate(service: 3), .completed(ring)])
    }
}
