import Totem

/// corosync.conf texts for the configuration tests.
enum ConfigFixtures {
    /// The pcs-generated file that must load unchanged.
    static let pcs = """
        totem {
          version: 2
          secauth: off
          cluster_name: cluster_lb
          transport: udpu
        }
        nodelist {
          node {
            ring0_addr: master-cr
            nodeid: 1
          }
          node {
            ring0_addr: standby-cr
            nodeid: 2
          }
        }
        quorum {
          provider: corosync_votequorum
          two_node: 1
        }
        logging {
          to_syslog: yes
        }

        """

    /// A udpu file with `count` nodes 127.0.0.1... (node ids 1...), `totem` lines added to the
    /// totem section and `extra` appended at the end.
    static func udpu(nodes count: Int, totem: String = "", extra: String = "") -> String {
        let nodes = (1...count).map { index in
            """
              node {
                ring0_addr: 127.0.0.\(index)
                nodeid: \(index)
              }

            """
        }.joined()
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
            \(extra)
            """
    }

    /// The resolver of the pcs file's names.
    static let pcsResolver = StaticResolver(["master-cr": ["10.0.0.1"], "standby-cr": ["10.0.0.2"]])

    /// This machine as seen by the tests: node 1 of the `udpu` files.
    static let loopback = StaticLocalAddresses(nodeName: "testhost", addresses: ["127.0.0.1", "::1"])

    /// Loads `text` as "corosync.conf" with the loopback machine.
    static func load(
        _ text: String, resolver: StaticResolver = StaticResolver(), local: StaticLocalAddresses = loopback,
        nodeID: NodeID? = nil
    ) throws(ConfigError) -> TotemConfig {
        try TotemConfig.load(text, file: "corosync.conf", resolver: resolver, localAddresses: local, nodeID: nodeID)
    }

    /// The 1-based number of the first line of `text` containing `marker`.
    static func line(of marker: String, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains(marker) }.map { $0 + 1 }
    }
}
