#if canImport(Glibc)
import Glibc
#endif

/// One regular configuration a node installed, with when it logged it.
struct MembershipEvent: Sendable {
    /// CLOCK_REALTIME nanoseconds (corosync: its hires log timestamp, millisecond resolution).
    var time: UInt64
    /// The members after the change.
    var members: Set<Int>

    init(time: UInt64, members: Set<Int>) {
        self.time = time
        self.members = members
    }

    /// Parses a probe line `memb NS 1,2,3`.
    init?(probeLine line: String) {
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "memb", let time = UInt64(parts[1]) else { return nil }
        self.time = time
        members = Set(parts[2].split(separator: ",").compactMap { Int($0) })
    }

    /// Replays corosync's "A new membership (r.s) was formed. Members joined: 1 2 left: 3" lines
    /// from `node`'s start.
    static func corosync(log: String, node: Int) -> [MembershipEvent] {
        var members: Set<Int> = []
        var events: [MembershipEvent] = []
        for line in log.split(separator: "\n") where line.contains("A new membership (") {
            guard let time = timestamp(line) else { continue }
            var section = "", joined: Set<Int> = [], left: Set<Int> = []
            for word in line.split(separator: " ") {
                if word == "joined:" || word == "left:" { section = String(word); continue }
                guard let id = Int(word) else { if !section.isEmpty && word != "Members" { section = "" }; continue }
                if section == "joined:" { joined.insert(id) } else if section == "left:" { left.insert(id) }
            }
            // "left" is relative to the old ring (the transitional configuration), "joined" to the
            // transitional one: a node can be in both ("joined: 1 2 left: 1 2" after a merge).
            members.subtract(left)
            members.formUnion(joined)
            members.insert(node)
            events.append(MembershipEvent(time: time, members: members))
        }
        return events
    }

    /// `Nov 22 07:11:13.393 ...` as local time in the current year, in nanoseconds.
    static func timestamp(_ line: Substring) -> UInt64? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let fields = line.split(separator: " ", maxSplits: 3)
        guard fields.count >= 3, let month = months.firstIndex(of: String(fields[0])), let day = Int32(fields[1]) else { return nil }
        let clock = fields[2].split(whereSeparator: { $0 == ":" || $0 == "." })
        guard clock.count == 4, let hour = Int32(clock[0]), let minute = Int32(clock[1]), let second = Int32(clock[2]),
              let fraction = Double("0." + clock[3]) else { return nil }
        var now = Glibc.time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        parts.tm_isdst = -1
        let seconds = mktime(&parts)
        return UInt64(seconds) * 1_000_000_000 + UInt64(fraction * 1e9)
    }
}
