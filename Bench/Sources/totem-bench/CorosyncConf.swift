/// The one corosync.conf that both corosync and totem-probe run (the floor needs none).
enum CorosyncConf {
    /// `token_retransmits_before_loss_const` as high as corosync accepts for `token` (at most 4):
    /// token_retransmit = token / (c + 0.2) must stay at least 30 ms.
    static func retransmitsBeforeLoss(token: Int) -> Int {
        max(1, min(4, Int(Double(token) / 30 - 0.2)))
    }

    /// udpu, no crypto, `token_coefficient: 0` (so `token` is the real timeout for every N),
    /// `seqno_unchanged_const: 1000000` when free-running (no idle hold); `system.sched_rr: no`
    /// unless `realtime` (corosync 3 has no -p flag); votequorum as the quorum provider if `quorum`.
    static func text(topology: Topology, token: Int, freeRunning: Bool, port: Int, realtime: Bool,
                     quorum: Bool = false) -> String {
        var totem = """
            totem {
            \tversion: 2
            \tcluster_name: bench
            \ttransport: udpu
            \tcrypto_cipher: none
            \tcrypto_hash: none
            \ttoken: \(token)
            \ttoken_coefficient: 0
            \ttoken_retransmits_before_loss_const: \(retransmitsBeforeLoss(token: token))

            """
        if freeRunning { totem += "\tseqno_unchanged_const: 1000000\n" }
        totem += "\tinterface {\n\t\tlinknumber: 0\n\t\tmcastport: \(port)\n\t}\n}\n"
        var nodes = "nodelist {\n"
        for node in 1...topology.nodes {
            nodes += "\tnode {\n\t\tring0_addr: \(topology.address(node))\n\t\tnodeid: \(node)\n\t}\n"
        }
        nodes += "}\n"
        if quorum { nodes += "quorum {\n\tprovider: corosync_votequorum\n}\n" }
        let system = realtime ? "" : "system {\n\tsched_rr: no\n}\n"
        return totem + nodes + system + "logging {\n\tto_stderr: yes\n\tto_syslog: no\n\ttimestamp: hires\n}\n"
    }
}
