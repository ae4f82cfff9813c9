/// Order statistics of a sample.
struct Summary: Codable {
    var count: Int
    var median: Double
    var p99: Double
    var max: Double

    /// Nearest-rank percentiles; nil for an empty sample.
    init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double { sorted[min(sorted.count - 1, Swift.max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))] }
        count = sorted.count
        median = rank(0.5)
        p99 = rank(0.99)
        max = sorted[sorted.count - 1]
    }
}
