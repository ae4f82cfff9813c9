import Foundation

/// The plain-text table: one row per figure and statistic, our value, corosync's, the floor's,
/// and our value divided by each (below 1 is better for times and costs, above 1 for throughput).
/// Latency at saturation (how deep each API lets its queue grow) is in the JSON only.
enum Table {
    enum Statistic: String { case median, p99, max, value, mean }

    /// With a baseline build (`--baseline`), its column follows ours and `x baseline` (ours divided
    /// by the baseline's) comes last.
    static func render(_ results: BenchResults) -> String {
        let baseline = results.figures.contains { $0.system == .baseline }
        var rows: [[String]] = [
            ["N", "figure", "stat", "unit", "totem"] + (baseline ? ["baseline"] : [])
                + ["corosync", "floor", "x corosync", "x floor"] + (baseline ? ["x baseline"] : [])
        ]
        var keys: [(Int, String, String)] = []
        for figure in results.figures
        where !figure.name.hasSuffix("at saturation")
            && !keys.contains(where: { $0.0 == figure.nodes && $0.1 == figure.name })
        {
            keys.append((figure.nodes, figure.name, figure.unit))
        }
        for (nodes, name, unit) in keys.sorted(by: { ($0.0, order($0.1)) < ($1.0, order($1.1)) }) {
            for statistic in statistics(name) {
                func value(_ system: SystemKind) -> Double? {
                    results.values(system, nodes, name).flatMap { pick(statistic, $0) }
                }
                let ours = value(.totem)
                let corosync = value(.corosync)
                let floor = value(.floor)
                let before = value(.baseline)
                rows.append(
                    ["\(nodes)", name, statistic.rawValue, unit, format(ours)]
                        + (baseline ? [format(before)] : [])
                        + [format(corosync), format(floor), ratio(ours, corosync), ratio(ours, floor)]
                        + (baseline ? [ratio(ours, before)] : []))
            }
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).enumerated().map { index, cell in
                index < 4
                    ? cell.0.padding(toLength: cell.1, withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: cell.1 - cell.0.count) + cell.0
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func order(_ name: String) -> Int {
        let prefixes = ["rotation", "failover", "rejoin", "throughput", "latency", "quorum", "cpu", "rss"]
        return prefixes.firstIndex { name.hasPrefix($0) } ?? prefixes.count
    }

    static func statistics(_ name: String) -> [Statistic] {
        if name.hasPrefix("rotation") || name.hasPrefix("latency") || name.hasPrefix("quorum notification") {
            return [.median, .p99, .max]
        }
        if name.hasPrefix("quorum change command") { return [.median, .p99] }
        if name.hasPrefix("failover") || name.hasPrefix("rejoin") { return [.median, .max] }
        if name.hasPrefix("cpu") || name.hasPrefix("rss") { return [.mean, .max] }
        return [.value]
    }

    static func pick(_ statistic: Statistic, _ values: [Double]) -> Double? {
        guard let summary = Summary(values) else { return nil }
        switch statistic {
        case .median: return summary.median
        case .p99: return summary.p99
        case .max: return summary.max
        case .value: return values[0]
        case .mean: return values.reduce(0, +) / Double(values.count)
        }
    }

    static func format(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value >= 1000 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.2f", value)
    }

    static func ratio(_ ours: Double?, _ other: Double?) -> String {
        guard let ours, let other, other > 0 else { return "-" }
        return String(format: "%.2f", ours / other)
    }
}
