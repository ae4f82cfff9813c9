extension TotemTimers {
    /// corosync's `totem_volatile_config_validate`, in its order. An error names the key the
    /// value came from: the timer's own line when it is written, else the setting it was derived
    /// from (`token` for a derived `hold`, ...).
    func validate(_ reader: ConfigReader) throws(ConfigError) {
        /// Refuses `actual` below `minimum`; `sources` are the keys a derived value comes from,
        /// most direct first.
        func atLeast(
            _ actual: UInt32, _ minimum: UInt32, _ name: String, from sources: [String] = []
        )
            throws(ConfigError)
        {
            guard actual < minimum else { return }
            let key = "totem." + name
            if let given = reader.u32(key) {
                var expected = "expected at least \(minimum) milliseconds"
                if given != actual { expected += " (effective value \(actual) ms)" }
                throw reader.error(.timerTooSmall, key, expected)
            }
            let source = sources.first { reader.u32("totem." + $0) != nil } ?? sources.last ?? name
            throw reader.error(
                .timerTooSmall, "totem." + source,
                "expected a \(name) of at least \(minimum) milliseconds "
                    + "(derived: \(actual) ms from \(sources.joined(separator: ", ")))",
                value: reader.config.printableValue(of: "totem." + source) ?? String(actual))
        }
        let tokenSources = ["token", "token_coefficient"]
        let retransmitSources = ["token_retransmits_before_loss_const"] + tokenSources
        try atLeast(maxNetworkDelay, Self.minimumTimeout, "max_network_delay")
        try atLeast(token, Self.minimumTimeout, "token", from: ["token_coefficient"])
        if tokenWarning > 100 {
            throw reader.error(
                .tokenWarningRange, "totem.token_warning", "expected a percentage from 0 (disabled) to 100")
        }
        try atLeast(tokenRetransmit, Self.minimumTimeout, "token_retransmit", from: retransmitSources)
        try atLeast(hold, Self.minimumHold, "hold", from: ["token_retransmit"] + retransmitSources)
        try atLeast(join, Self.minimumTimeout, "join")
        try atLeast(consensus, Self.minimumTimeout, "consensus", from: tokenSources)
        if consensus < join {
            let consensusGiven = reader.u32("totem.consensus") != nil || reader.u32("totem.join") == nil
            let key = consensusGiven ? "totem.consensus" : "totem.join"
            throw reader.error(
                .timerTooSmall, key,
                key == "totem.join"
                    ? "expected a join timeout not above the consensus timeout (\(consensus) ms, derived from token)"
                    : "expected a consensus timeout not less than the join timeout (\(join) ms)",
                value: reader.config.printableValue(of: key) ?? String(consensus))
        }
        try atLeast(merge, Self.minimumTimeout, "merge")
        try atLeast(downcheck, Self.minimumTimeout, "downcheck")
    }

    /// These values as the protocol core takes them, with the MTU of `totem.netmtu`.
    public func parameters(netMTU: Int) -> TotemParameters {
        var parameters = TotemParameters(nodeCount: 2)
        parameters.token = .milliseconds(Int64(token))
        parameters.tokenRetransmit = .milliseconds(Int64(tokenRetransmit))
        parameters.hold = .milliseconds(Int64(hold))
        parameters.join = .milliseconds(Int64(join))
        parameters.consensus = .milliseconds(Int64(consensus))
        parameters.merge = .milliseconds(Int64(merge))
        parameters.downcheck = .milliseconds(Int64(downcheck))
        parameters.sendJoin = .milliseconds(Int64(sendJoin))
        parameters.failRecvConst = failRecvConst
        parameters.seqnoUnchangedConst = seqnoUnchangedConst
        parameters.windowSize = windowSize
        parameters.maxMessages = maxMessages
        parameters.missCountConst = missCountConst
        parameters.tokenWarningPercent = tokenWarning
        parameters.netMTU = netMTU
        parameters.cancelTokenHoldOnRetransmit = cancelTokenHoldOnRetransmit
        return parameters
    }
}
