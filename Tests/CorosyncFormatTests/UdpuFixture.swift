import Totem

/// The udpu files of these tests, as TotemTests' `ConfigFixtures.udpu` writes them.
enum UdpuFixture {
    /// A udpu file with `count` nodes 127.0.0.1... (node ids 1...) and `totem` lines added to
    /// the totem section.
    static func text(nodes count: Int, totem: String = "") -> String {
        let nodes = (1...count).map { "  node {\n    ring0_addr: 127.0.0.\($0)\n    nodeid: \($0)\n  }\n" }.joined()
        return """
            totem {
              version: 2
              cluster_name: cfgtest
              transport: udpu
              crypto_cipher: none
              crypto_hash: none
            \(totem)
            }
            nodelist {
            \(nodes)}
            quorum {
              provider: corosync_votequorum
            }
            logging {
              to_stderr: yes
              to_syslog: no
            }

            """
    }

    /// Loads `text` as "corosync.conf" on a machine whose address is node 1's.
    static func load(_ text: String) throws -> TotemConfig {
        let local = StaticLocalAddresses(nodeName: "testhost", addresses: ["127.0.0.1", "::1"])
        return try TotemConfig.load(text, file: "corosync.conf", resolver: StaticResolver(), localAddresses: local)
    }
}
