import CorosyncFormat
import Testing
import Totem
import VoteQuorum

/// ``QuorumToolFormatter`` and ``CTime`` on hand-made states. Whole scenarios run on the
/// votequorum cores and compared with corosync-quorumtool's captures are in VoteQuorumTests
/// (`QuorumtoolCaptureTests`).
@Suite struct QuorumToolFormatterTests {
    let names: [NodeID: String] = [1: "node1", 2: "node2", 3: "node3"]
    let tool = QuorumToolFormatter()

    @Test func registeredDeviceAddsTheQdeviceColumnAndLine() {
        let state = QuorumState(
            quorate: true, nodeID: 1, ringID: RingID(rep: 1, seq: 0x1300c), votes: 1, expectedVotes: 3,
            highestExpected: 3, totalVotes: 3, quorum: 2,
            flags: [.quorate, .qdeviceRegistered, .qdeviceAlive, .qdeviceCastVote],
            members: [
                MemberVotes(nodeID: 1, votes: 1, deviceFlags: [.qdeviceRegistered, .qdeviceAlive, .qdeviceCastVote]),
                MemberVotes(nodeID: 2, votes: 1, deviceFlags: [.qdeviceRegistered, .qdeviceAlive, .qdeviceCastVote]),
            ],
            deviceVotes: 1, deviceName: "Qdevice")
        let expected = """

            Membership information
            ----------------------
                Nodeid      Votes    Qdevice Name
                     1          1    A,V,NMW node1 (local)
                     2          1    A,V,NMW node2
                     0          1            Qdevice

            """
        #expect(tool.list(state, names: names) == expected)
        #expect(tool.flagWords(state.flags) == "Quorate Qdevice ")
    }

    @Test func ctimeDates() {
        #expect(CTime.string(epochSeconds: 1_795_315_887) == "Sun Nov 22 02:51:27 2026")
        #expect(CTime.string(epochSeconds: 1_612_488_144) == "Fri Feb  5 01:22:24 2021")
        #expect(CTime.string(epochSeconds: 0) == "Thu Jan  1 00:00:00 1970")
        #expect(CTime.string(epochSeconds: 951_868_799) == "Tue Feb 29 23:59:59 2000")
        #expect(CTime.string(epochSeconds: 1_795_315_887, utcOffsetSeconds: 3_600) == "Sun Nov 22 03:51:27 2026")
        #expect(CTime.string(epochSeconds: -1) == "Wed Dec 31 23:59:59 1969")
    }

    @Test func flagWordsFollowQuorumtoolOrder() {
        let all: QuorumInfoFlags = [
            .qdeviceRegistered, .allowDownscale, .autoTieBreaker, .lastManStanding, .waitForAll, .quorate, .twoNode,
        ]
        let words = "2Node Quorate WaitForAll LastManStanding AutoTieBreaker AllowDownscale Qdevice "
        #expect(tool.flagWords(all) == words)
        #expect(tool.flagWords([]) == "")
    }
}
