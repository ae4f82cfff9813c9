import Foundation

/// One figure of one system at one node count, with every sample (the JSON file's records).
struct Figure: Codable {
    var system: SystemKind
    var nodes: Int
    /// e.g. "rotation idle", "throughput 1024 B agreed".
    var name: String
    var unit: String
    var values: [Double]
}

/// Everything one run measured, plus how it ran.
struct BenchResults: Codable {
    var started: String
    var topology: String
    var scheduling: [String: String]
    var notes: [String] = []
    var figures: [Figure] = []

    mutating func add(_ system: SystemKind, _ nodes: Int, _ name: String, _ unit: String, _ values: [Double]) {
        guard !values.isEmpty else { return }
        figures.append(Figure(system: system, nodes: nodes, name: name, unit: unit, values: values))
    }

    func values(_ system: SystemKind, _ nodes: Int, _ name: String) -> [Double]? {
        figures.first { $0.system == system && $0.nodes == nodes && $0.name == name }?.values
    }
}
