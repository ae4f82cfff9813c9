import ClusterClient
import ClusterIPC
import Testing

/// `cfgtool` output against corosync-cfgtool 3.1.7 captures (tools-and-config.md §2.3, §2.4, §5).
@Suite struct CfgtoolFormatterTests {
    static func twoNodes(local: UInt32, node2Connected: Bool = true) -> RingStatusInfo {
        RingStatusInfo(
            localNodeID: local, transport: "udpu", state: .operational, running: true, ringRep: 1, ringSeq: 9, linkMTU: 1410,
            members: node2Connected ? [1, 2] : [1],
            nodes: [
                NodeStatusEntry(nodeID: 1, name: "node1", address: "10.77.0.1", connected: true),
                NodeStatusEntry(nodeID: 2, name: "node2", address: "10.77.0.2", connected: node2Connected),
            ],
            statistics: [])
    }

    @Test func statusOnNode1MatchesTheCapture() {
        #expect(CfgtoolFormatter.status(Self.twoNodes(local: 1)) == """
            Local node ID 1, transport udpu
            LINK ID 0 \n\taddr\t= 10.77.0.2
            \tstatus:
            \t\tnodeid:          1:\tlocalhost
            \t\tnodeid:          2:\tconnected

            """)
    }

    @Test func statusOnNode2ShowsNode1sAddress() {
        #expect(CfgtoolFormatter.status(Self.twoNodes(local: 2)) ==
            "Local node ID 2, transport udpu\nLINK ID 0 \n\taddr\t= 10.77.0.1\n\tstatus:\n"
            + "\t\tnodeid:          1:\tconnected\n\t\tnodeid:          2:\tlocalhost\n")
    }

    @Test func statusAfterNode2WasKilledShowsItDisconnected() {
        #expect(CfgtoolFormatter.status(Self.twoNodes(local: 1, node2Connected: false)) ==
            "Local node ID 1, transport udpu\nLINK ID 0 \n\taddr\t= 10.77.0.2\n\tstatus:\n"
            + "\t\tnodeid:          1:\tlocalhost\n\t\tnodeid:          2:\tdisconnected\n")
    }

    @Test func nodesOnNode1MatchesTheCapture() {
        #expect(CfgtoolFormatter.nodes(Self.twoNodes(local: 1).nodeList) ==
            "Local node ID 1, transport udpu\nnodeid: 2 reachable\n   LINK: 0  (10.77.0.2) enabled connected mtu: 1410\n\n")
        #expect(CfgtoolFormatter.nodes(Self.twoNodes(local: 2).nodeList) ==
            "Local node ID 2, transport udpu\nnodeid: 1 reachable\n   LINK: 0  (10.77.0.1) enabled connected mtu: 1410\n\n")
    }

    @Test func nodesAfterNode2WasKilledListsNoOne() {
        #expect(CfgtoolFormatter.nodes(Self.twoNodes(local: 1, node2Connected: false).nodeList) == "Local node ID 1, transport udpu\n")
    }

    @Test func statusLinesFollowNodeIDOrderAndPadToTenColumns() {
        let text = CfgtoolFormatter.status(IPCFixtures.ringStatus)
        #expect(text.contains("\taddr\t= 10.77.0.3\n"))
        #expect(text.hasSuffix("\t\tnodeid:          2:\tconnected\n\t\tnodeid:          3:\tdisconnected\n"))
        var wide = IPCFixtures.ringStatus
        wide.nodes.append(NodeStatusEntry(nodeID: 4_000_000_000, name: "", address: "10.77.0.9", connected: true))
        #expect(CfgtoolFormatter.status(wide).contains("\t\tnodeid: 4000000000:\tconnected\n"))
    }

    @Test func briefStatusMatchesTheCapture() {
        #expect(CfgtoolFormatter.briefStatus(Self.twoNodes(local: 1)) ==
            "Local node ID 1, transport udpu\nLINK ID 0 \n\taddr\t= 10.77.0.2\n\tstatus\t= n3\n")
        #expect(CfgtoolFormatter.briefStatus(IPCFixtures.ringStatus).hasSuffix("\tstatus\t= n31\n"))
    }

    @Test func addressesOfAKnownNodeAndNoneForAnUnknownOne() {
        let list = Self.twoNodes(local: 1).nodeList
        #expect(CfgtoolFormatter.addresses(of: 2, in: list) == "10.77.0.2\n")
        #expect(CfgtoolFormatter.addresses(of: 9, in: list) == nil)
    }

    @Test func refusedUserGetsTheInitializeErrorWithCSErrAccess() {
        let refused = TotemdClientError.failed(.access, message: "permission denied")
        #expect(CfgtoolFormatter.errorMessage(refused).hasPrefix("Could not initialize totemd configuration API error 11\n"))
        #expect(CfgtoolFormatter.errorMessage(.failed(.tryAgain, message: "busy"), operation: "the node status")
            == "Could not get the node status, the error is: 6 (CS_ERR_TRY_AGAIN: busy)\n")
    }

    @Test func jsonIsStable() {
        #expect(CfgtoolFormatter.nodesJSON(Self.twoNodes(local: 1, node2Connected: false).nodeList) ==
            #"{"localNodeID":1,"transport":"udpu","linkMTU":1410,"nodes":[{"nodeID":1,"name":"node1","address":"10.77.0.1","local":true,"connected":true},{"nodeID":2,"name":"node2","address":"10.77.0.2","local":false,"connected":false}]}"# + "\n")
        #expect(CfgtoolFormatter.statusJSON(IPCFixtures.ringStatus).hasPrefix(
            #"{"localNodeID":1,"transport":"udpu","state":"operational","running":true,"ringID":"1.1d","members":[1,2],"linkMTU":1410,"nodes":["#))
        #expect(CfgtoolFormatter.statusJSON(IPCFixtures.ringStatus).hasSuffix(
            #""stats":{"stats.srp.orf_token_rx":12345,"stats.srp.rx_msg_dropped":0}}"# + "\n"))
    }

    @Test func unreachableDaemonPrintsCorosyncsInitializeErrorWithOurName() {
        let message = CfgtoolFormatter.errorMessage(.notRunning(socketPath: "/run/totemd/totemd.sock"))
        #expect(message.hasPrefix("Could not initialize totemd configuration API error 2\n"))
        #expect(message.contains("totemd is not running"))
    }
}
