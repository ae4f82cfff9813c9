import Totem

/// Which partition wins an exact 50:50 split under auto_tie_breaker (`runtime.votequorum.atb_type`).
public enum TieBreaker: Hashable, Sendable {
    /// auto_tie_breaker is off (atb_type 0).
    case none
    /// The partition with the lowest node id seen when last quorate (atb_type 1, the default).
    case lowest
    /// The partition with the highest node id seen when last quorate (atb_type 2).
    case highest
    /// The partition holding the first listed node that was in the previous membership (atb_type 3).
    case list([NodeID])

    /// The value corosync stores in `runtime.votequorum.atb_type`.
    public var atbType: UInt32 {
        switch self {
        case .none: 0
        case .lowest: 1
        case .highest: 2
        case .list: 3
        }
    }

    /// Parses `auto_tie_breaker_node` exactly as corosync's `parse_atb_string` does: `lowest`,
    /// `highest`, or (when `atoi` of the string is non-zero) the leading `strtol` numbers up to
    /// the first 0 or non-number. Anything else gives `nil` (corosync then disables ATB).
    public static func parse(_ text: String) -> TieBreaker? {
        if text == "lowest" { return .lowest }
        if text == "highest" { return .highest }
        let bytes = Array(text.utf8)
        let (first, _) = CNumber.strtol(bytes, from: 0)
        guard Int32(truncatingIfNeeded: first) != 0 else { return nil }
        var nodes: [NodeID] = []
        var position = 0
        while true {
            let (value, next) = CNumber.strtol(bytes, from: position)
            guard value != 0 else { break }
            nodes.append(NodeID(UInt32(truncatingIfNeeded: value)))
            position = next
        }
        return nodes.isEmpty ? nil : .list(nodes)
    }
}
