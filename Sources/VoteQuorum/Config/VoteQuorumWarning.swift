/// A configuration that corosync accepts after adjusting it, with the log text it prints.
public enum VoteQuorumWarning: Hashable, Sendable, CustomStringConvertible {
    /// two_node together with auto_tie_breaker: two_node is disabled.
    case twoNodeDisabledByAutoTieBreaker
    /// auto_tie_breaker on an odd-sized cluster without wait_for_all: ATB is disabled.
    case autoTieBreakerDisabledOddClusterWithoutWaitForAll
    /// auto_tie_breaker_node could not be parsed: ATB is disabled.
    case autoTieBreakerNodeInvalid(String)
    /// auto_tie_breaker_node set while auto_tie_breaker is off: it is ignored.
    case autoTieBreakerNodeWithoutAutoTieBreaker

    /// corosync's log lines for this case (joined with newlines).
    public var description: String {
        switch self {
        case .twoNodeDisabledByAutoTieBreaker:
            "two_node and auto_tie_breaker are both specified but are not compatible.\n"
                + "two_node has been disabled, please fix your corosync.conf"
        case .autoTieBreakerDisabledOddClusterWithoutWaitForAll:
            "auto_tie_breaker is set and the cluster has an odd number of nodes.\n"
                + "wait_for_all needs to be set for this configuration but it is missing\n"
                + "Therefore auto_tie_breaker has been disabled. Please fix your corosync.conf"
        case .autoTieBreakerNodeInvalid:
            "auto_tie_breaker_nodes is not valid. It must be 'lowest', 'highest' or a space-separated list of node IDs. auto_tie_breaker is disabled"
        case .autoTieBreakerNodeWithoutAutoTieBreaker:
            "auto_tie_breaker_node: is meaningless if auto_tie_breaker is set to 0"
        }
    }
}
