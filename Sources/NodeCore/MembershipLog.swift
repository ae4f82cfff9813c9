import Totem

/// corosync's words for membership changes, so operators' log scrapers keep working.
public enum MembershipLog {
    /// The TOTEM line for a regular configuration:
    /// `A new membership (1.9) was formed. Members joined: 2 left: 3`.
    public static func newMembership(_ change: ConfigurationChange) -> String {
        var line = "A new membership (\(change.ringID)) was formed. Members"
        if !change.joined.isEmpty { line += " joined: " + change.joined.map(\.description).joined(separator: " ") }
        if !change.left.isEmpty { line += " left: " + change.left.map(\.description).joined(separator: " ") }
        return line
    }

    /// The QUORUM line listing the members: `Members[3]: 1 2 3`.
    public static func members(_ change: ConfigurationChange) -> String {
        "Members[\(change.members.count)]: " + change.members.map(\.description).joined(separator: " ")
    }
}
