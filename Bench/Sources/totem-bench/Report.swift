import Foundation

/// Writes bench-results.txt (the table), .json (every sample) and .svg next to each other.
enum Report {
    static func write(_ results: BenchResults, to directory: URL) throws {
        var text = "totem-bench \(results.started)\ntopology: \(results.topology)\n"
        for (system, policy) in results.scheduling.sorted(by: { $0.key < $1.key }) { text += "scheduling \(system): \(policy)\n" }
        for note in results.notes { text += "note: \(note)\n" }
        text += "\n" + Table.render(results)
        FileHandle.standardOutput.write(Data(text.utf8))
        try text.write(to: directory.appendingPathComponent("bench-results.txt"), atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: directory.appendingPathComponent("bench-results.json"))
        try Chart.render(results).write(to: directory.appendingPathComponent("bench-results.svg"), atomically: true, encoding: .utf8)
        progress("wrote \(directory.path)/bench-results.{txt,json,svg}")
    }
}
