/// `totem.ip_version`: which address families names resolve to, in preference order.
public enum IPVersion: String, Hashable, Sendable, CaseIterable {
    /// IPv4 only.
    case ipv4
    /// IPv6 only.
    case ipv6
    /// IPv4, falling back to IPv6.
    case ipv4Then6 = "ipv4-6"
    /// IPv6, falling back to IPv4 (the default for udpu).
    case ipv6Then4 = "ipv6-4"

    /// Picks the address corosync's `totemip_parse` would: an IP literal of an allowed family,
    /// else the first resolved address of the preferred family, else of the other allowed one.
    public func pick(_ text: String, resolver: some AddressResolver) -> IPAddress? {
        let candidates: [IPAddress]
        if let literal = IPAddress(text) {
            candidates = [literal]
        } else {
            candidates = resolver.addresses(of: text).compactMap { IPAddress($0) }
        }
        let v4 = candidates.first { $0.isIPv4 }
        let v6 = candidates.first { !$0.isIPv4 }
        switch self {
        case .ipv4: return v4
        case .ipv6: return v6
        case .ipv4Then6: return v4 ?? v6
        case .ipv6Then4: return v6 ?? v4
        }
    }

    /// Words for error messages.
    var expectation: String {
        switch self {
        case .ipv4: "an IPv4 address or a host name with one"
        case .ipv6: "an IPv6 address or a host name with one"
        case .ipv4Then6, .ipv6Then4: "an IP address or a resolvable host name"
        }
    }
}
