extension TotemTimers {
    /// corosync's `totem_volatile_config_validate`, in its order.
    func validate(_ reader: ConfigReader) throws(ConfigError) {
        func atLeast(_ actual: UInt32, _ minimum: UInt32, _ name: String) throws(ConfigError) {
            guard actual < minimum else { return }
            let key = "totem." + name
            let given = reader.string(key)
            var expected = "expected at least \(minimum) milliseconds"
            if given.flatMap(UInt32.init) != actual { expected += " (effective value \(actual) ms)" }
            throw reader.error(.timerTooSmall, key, expected, value: given ?? String(actual))
        }
        try atLeast(maxNetworkDelay, Self.minimumTimeout, "max_network_delay")
        try atLeast(token, Self.minimumTimeout, "token")
        if tokenWarning > 100 {
            throw reader.error(.tokenWarningRange, "totem.token_warning", "expected a percentage from 0 (disabled) to 100")
        }
        if tokenRetransmit < Self.minimumTimeout {
            if reader.string("totem.token_retransmit") != nil {
                try atLeast(tokenRetransmit, Self.minimumTimeout, "token_retransmit")
            }
            let key = reader.string("totem.token_retransmits_before_loss_const") != nil
                ? "totem.token_retransmits_before_loss_const" : "totem.token"
            throw reader.error(
                .timerTooSmall, key,
                "expected token and token_retransmits_before_loss_const giving a token_retransmit of at least "
                    + "\(Self.minimumTimeout) milliseconds (derived: \(tokenRetransmit) ms)",
                value: reader.string(key) ?? String(token))
        }
        try atLeast(hold, Self.minimumHold, "hold")
        try atLeast(join, Self.minimumTimeout, "join")
        try atLeast(consensus, Self.minimumTimeout, "consensus")
        if consensus < join {
            throw reader.error(
                .timerTooSmall, "totem.consensus",
                "expected a consensus timeout not less than the join timeout (\(join) ms)",
                value: reader.string("totem.consensus") ?? String(consensus))
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
