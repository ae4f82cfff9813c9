import Foundation

/// The hand-written SVG: cumulative distributions of rotation and delivery latency per system
/// (log x axis), and a strip of every failover detection time per system and case.
enum Chart {
    static let colors: [SystemKind: String] = [
        .totem: "#d62728", .corosync: "#1f77b4", .floor: "#7f7f7f", .baseline: "#ff7f0e",
    ]
    static let width = 900.0, panelHeight = 220.0

    static func render(_ results: BenchResults) -> String {
        var panels: [String] = []
        var y = 10.0
        let nodeCounts = Array(Set(results.figures.map(\.nodes))).sorted()
        let names = Array(Set(results.figures.map(\.name)))
        for nodes in nodeCounts {
            for name in names.sorted()
            where name.hasPrefix("rotation") || name.hasPrefix("quorum notification")
                || (name.hasPrefix("latency") && name.contains("50%"))
            {
                let series = SystemKind.allCases.compactMap { system in
                    results.values(system, nodes, name).map { (system, $0) }
                }
                guard !series.isEmpty else { continue }
                let unit = results.figures.first { $0.name == name }?.unit ?? ""
                panels.append(cdf(title: "\(name), N=\(nodes) (\(unit), log scale)", series: series, top: y))
                y += panelHeight + 20
            }
            let failovers = results.figures.filter { $0.nodes == nodes && $0.name.hasPrefix("failover") }
            if !failovers.isEmpty {
                panels.append(
                    strip(title: "failover detection, N=\(nodes) (ms, log scale)", figures: failovers, top: y))
                y += Double(failovers.count) * 18 + 60
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(y + 10))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            \(panels.joined(separator: "\n"))
            </svg>

            """
    }

    static func logRange(_ values: [Double]) -> (Double, Double) {
        let positive = values.filter { $0 > 0 }
        let low = log10(positive.min() ?? 1)
        let high = log10(positive.max() ?? 10)
        return (floor(low), max(ceil(high), floor(low) + 1))
    }

    static func axis(_ left: Double, _ right: Double, _ bottom: Double, _ range: (Double, Double)) -> String {
        var ticks = ""
        for decade in Int(range.0)...Int(range.1) {
            let x = left + (Double(decade) - range.0) / (range.1 - range.0) * (right - left)
            ticks += "<line x1=\"\(x)\" y1=\"\(bottom)\" x2=\"\(x)\" y2=\"\(bottom + 4)\" stroke=\"black\"/>"
            ticks +=
                "<text x=\"\(x)\" y=\"\(bottom + 15)\" text-anchor=\"middle\">\(Table.format(pow(10, Double(decade))))</text>"
        }
        return "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\" stroke=\"black\"/>" + ticks
    }

    static func cdf(title: String, series: [(SystemKind, [Double])], top: Double) -> String {
        let left = 60.0
        let right = width - 160
        let bottom = top + panelHeight - 25
        let upper = top + 20
        let range = logRange(series.flatMap(\.1))
        func x(_ value: Double) -> Double {
            left + (log10(max(value, pow(10, range.0))) - range.0) / (range.1 - range.0) * (right - left)
        }
        var out = "<text x=\"\(left)\" y=\"\(top + 12)\" font-weight=\"bold\">\(title)</text>"
        out += axis(left, right, bottom, range)
        out +=
            "<text x=\"\(left - 8)\" y=\"\(upper + 4)\" text-anchor=\"end\">100%</text><text x=\"\(left - 8)\" y=\"\(bottom)\" text-anchor=\"end\">0%</text>"
        for (index, (system, values)) in series.enumerated() {
            let sorted = values.sorted()
            let step = max(1, sorted.count / 400)
            let points = stride(from: 0, to: sorted.count, by: step).map { i in
                "\(String(format: "%.1f", x(sorted[i]))),\(String(format: "%.1f", bottom - Double(i + 1) / Double(sorted.count) * (bottom - upper)))"
            }
            let color = colors[system] ?? "black"
            out +=
                "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
            let median = Summary(values)?.median ?? 0
            out +=
                "<text x=\"\(right + 10)\" y=\"\(upper + 14 * Double(index + 1))\" fill=\"\(color)\">\(system.rawValue) median \(Table.format(median))</text>"
        }
        return out
    }

    static func strip(title: String, figures: [Figure], top: Double) -> String {
        let left = 260.0
        let right = width - 40
        let bottom = top + 30 + Double(figures.count) * 18
        let range = logRange(figures.flatMap(\.values))
        func x(_ value: Double) -> Double {
            left + (log10(max(value, pow(10, range.0))) - range.0) / (range.1 - range.0) * (right - left)
        }
        var out =
            "<text x=\"10\" y=\"\(top + 12)\" font-weight=\"bold\">\(title)</text>" + axis(left, right, bottom, range)
        for (row, figure) in figures.enumerated() {
            let y = top + 30 + Double(row) * 18
            let color = colors[figure.system] ?? "black"
            out +=
                "<text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\" fill=\"\(color)\">\(figure.system.rawValue) \(figure.name)</text>"
            for value in figure.values {
                out +=
                    "<circle cx=\"\(String(format: "%.1f", x(value)))\" cy=\"\(y)\" r=\"3\" fill=\"\(color)\" fill-opacity=\"0.5\"/>"
            }
        }
        return out
    }
}
