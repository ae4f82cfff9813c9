import Testing
import Totem
import TotemRuntime

@Suite struct ConfigModelTests {
    @Test func pcsFileLoadsUnchangedWithResolvedNames() throws {
        let local = StaticLocalAddresses(nodeName: "master", addresses: ["127.0.0.1", "10.0.0.1"])
        let config = try TotemConfig.load(
            ConfigFixtures.pcs, file: "corosync.conf", resolver: ConfigFixtures.pcsResolver, localAddresses: local)
        #expect(config.clusterName == "cluster_lb")
        #expect(config.nodes.map(\.nodeID) == [1, 2])
        #expect(config.nodes.map(\.address) == [IPAddress("10.0.0.1"), IPAddress("10.0.0.2")])
        #expect(config.nodes.map(\.ring0) == ["master-cr", "standby-cr"])
        #expect(config.localNode.nodeID == 1)
        #expect(config.quorum.twoNode)
        #expect(config.quorum.waitForAll)
        #expect(config.quorum.provider == "corosync_votequorum")
        #expect(config.logging.global.toSyslog)
        #expect(config.port == 5405)
        #expect(config.parameters == TotemParameters(nodeCount: 2))
    }

    @Test func pcsFileFindsTheStandbyNodeByItsAddressOrByName() throws {
        let byAddress = try TotemConfig.load(
            ConfigFixtures.pcs, file: "corosync.conf", resolver: ConfigFixtures.pcsResolver,
            localAddresses: StaticLocalAddresses(nodeName: "x", addresses: ["10.0.0.2"]))
        #expect(byAddress.localNode.nodeID == 2)
        let byName = try TotemConfig.load(
            ConfigFixtures.pcs, file: "corosync.conf", resolver: ConfigFixtures.pcsResolver,
            localAddresses: StaticLocalAddresses(nodeName: "standby-cr.example.com", addresses: []))
        #expect(byName.localNode.position == 1)
        let byOverride = try TotemConfig.load(
            ConfigFixtures.pcs, file: "corosync.conf", resolver: ConfigFixtures.pcsResolver,
            localAddresses: StaticLocalAddresses(nodeName: "x", addresses: []), nodeID: 2)
        #expect(byOverride.localNode.ring0 == "standby-cr")
    }

    @Test func localhostResolvesThroughTheSystemResolver() throws {
        let addresses = SystemResolver().addresses(of: "localhost")
        #expect(addresses.contains("127.0.0.1") || addresses.contains("::1"), "\(addresses)")
        let text = ConfigFixtures.udpu(nodes: 2, totem: "  ip_version: ipv4")
            .replacingFirst("ring0_addr: 127.0.0.1", with: "ring0_addr: localhost")
        let config = try TotemConfig.load(
            text, file: "corosync.conf", resolver: SystemResolver(), localAddresses: ConfigFixtures.loopback)
        #expect(config.nodes[0].address == IPAddress("127.0.0.1"))
        #expect(config.localNode.position == 0)
        #expect(SystemResolver().addresses(of: "no-such-host.invalid").isEmpty)
    }

    @Test func systemLocalAddressesIncludeLoopback() {
        let local = SystemLocalAddresses()
        #expect(!local.nodeName.isEmpty)
        #expect(local.addresses.contains("127.0.0.1"), "\(local.addresses)")
    }

    /// Values read back from corosync 3.1.7 (`corosync-cmapctl runtime.config.totem`).
    @Test(arguments: [
        (2, 3000, 714, 561, 3600),
        (3, 3650, 869, 685, 4380),
        (5, 4950, 1178, 932, 5940),
    ])
    func derivedTimersMatchCorosync(nodes: Int, token: UInt32, retransmit: UInt32, hold: UInt32, consensus: UInt32)
        throws
    {
        let config = try ConfigFixtures.load(ConfigFixtures.udpu(nodes: nodes))
        #expect(config.timers.token == token)
        #expect(config.timers.tokenRetransmit == retransmit)
        #expect(config.timers.hold == hold)
        #expect(config.timers.consensus == consensus)
        #expect(config.timers.join == 50)
        #expect(config.timers.merge == 200)
        #expect(config.timers.knetPingTimeout == token / 2)
        #expect(config.timers.knetPingInterval == token / 4)
        let parameters = config.parameters
        #expect(parameters.token == .milliseconds(token))
        #expect(parameters.tokenRetransmit == .milliseconds(retransmit))
        #expect(parameters.hold == .milliseconds(hold))
        #expect(parameters.consensus == .milliseconds(consensus))
        #expect(parameters == TotemParameters(nodeCount: nodes))
    }

    @Test func explicitTokenRetransmitIsKeptAndHoldDerivedFromIt() throws {
        let timers = try ConfigFixtures.load(ConfigFixtures.udpu(nodes: 3, totem: "  token_retransmit: 500")).timers
        #expect(timers.token == 3650)
        #expect(timers.tokenRetransmit == 500)
        #expect(timers.hold == 390)
        #expect(timers.consensus == 4380)
    }

    @Test func explicitConsensusHoldAndZeroMeaningDefault() throws {
        let timers = try ConfigFixtures.load(
            ConfigFixtures.udpu(nodes: 2, totem: "  consensus: 5000\n  hold: 100\n  join: 0\n  merge: 0\n  token: 0")
        ).timers
        #expect(timers.consensus == 5000)
        #expect(timers.hold == 100)
        #expect(timers.join == 50)
        #expect(timers.merge == 200)
        #expect(timers.token == 3000)
    }

    @Test func tokenCoefficientZeroDisablesScaling() throws {
        // corosync-cmapctl with token 5000 and token_coefficient 0 (tools-and-config.md §8.4).
        let timers = try ConfigFixtures.load(
            ConfigFixtures.udpu(nodes: 3, totem: "  token: 5000\n  token_coefficient: 0")
        ).timers
        #expect(timers.token == 5000)
        #expect(timers.tokenRetransmit == 1190)
        #expect(timers.hold == 942)
        #expect(timers.consensus == 6000)
    }

    @Test func tokenWarningZeroIsKeptAndOtherConstantsApply() throws {
        let config = try ConfigFixtures.load(
            ConfigFixtures.udpu(
                nodes: 2,
                totem: "  token_warning: 0\n  window_size: 20\n  netmtu: 9000\n  cancel_token_hold_on_retransmit: yes"))
        #expect(config.timers.tokenWarning == 0)
        #expect(config.parameters.windowSize == 20)
        #expect(config.parameters.netMTU == 9000)
        #expect(config.parameters.cancelTokenHoldOnRetransmit)
        #expect(config.parameters.maxMessages == 17)
    }

    @Test func missingNodeIDIsGeneratedFromIPv4Address() throws {
        let text = ConfigFixtures.udpu(nodes: 2).replacingFirst("    nodeid: 2\n", with: "")
        let config = try ConfigFixtures.load(text)
        #expect(config.nodes[1].nodeID == NodeID(0x7F00_0002))
        #expect(config.nodes[1].nodeIDGenerated)
        let cleared = try ConfigFixtures.load(
            ConfigFixtures.udpu(nodes: 2, totem: "  clear_node_high_bit: yes").replacingFirst("    nodeid: 2\n", with: ""))
        #expect(cleared.nodes[1].nodeID == NodeID(0x7F00_0002 & 0x7FFF_FFFF))
    }

    @Test func loggingValuesAndSubsystems() throws {
        let config = try ConfigFixtures.load(
            ConfigFixtures.udpu(nodes: 2)
                .replacingFirst(
                    "to_syslog: no",
                    with: "to_syslog: no\n  timestamp: on\n  logger_subsys {\n    subsys: QUORUM\n    debug: trace\n  }"))
        #expect(config.logging.global.timestamp == .on)
        #expect(config.logging.global.toStderr)
        #expect(!config.logging.global.toSyslog)
        #expect(config.logging.subsystems["QUORUM"]?.debug == .trace)
        #expect(config.logging.subsystems["QUORUM"]?.timestamp == .on)
        #expect(config.logging.blackbox)
    }

    @Test func ipAddressParsing() {
        #expect(IPAddress("10.77.0.1")?.ipv4Value == 0x0A4D_0001)
        #expect(IPAddress("::1") == IPAddress("0:0:0:0:0:0:0:1"))
        #expect(IPAddress("fe80::2%eth0") == IPAddress("fe80:0::2"))
        #expect(IPAddress("::ffff:10.0.0.1")?.description == "0:0:0:0:0:ffff:a00:1")
        #expect(IPAddress("256.0.0.1") == nil)
        #expect(IPAddress("master-cr") == nil)
        #expect(IPAddress("1::2::3") == nil)
        #expect(IPAddress("1:2:3:4:5:6:7:8:9") == nil)
    }
}
