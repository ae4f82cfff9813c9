import Foundation
import Totem

/// The fuzzer's output: one line per attack, then a summary.
enum Report {
    /// The column names printed before the first attack line.
    static let header =
        "attack        sent      rate/s  refused  ring whole  reload   gathers  drops     exits  verdict"

    /// One attack's line.
    static func line(_ result: AttackResult, bound: Duration) -> String {
        let rate = result.seconds > 0 ? Double(result.sent) / result.seconds : 0
        let exits =
            result.exited.isEmpty
            ? "none" : result.exited.keys.sorted().map { "\($0):\(result.exited[$0]!)" }.joined(separator: ",")
        let verdict = result.skipped ? "SKIPPED" : result.recovered(within: bound) ? "ok" : "NOT RECOVERED"
        var text = pad(result.attack.rawValue, 13) + pad(String(result.sent), 10)
        text += pad(String(format: "%.0f", rate), 8)
        text += pad(String(result.refused), 9) + pad(seconds(result.ringWhole), 12) + pad(seconds(result.reload), 9)
        text += pad(String(result.gathers), 9) + pad(String(result.drops), 10) + pad(exits, 7) + verdict
        if result.attack.needsRingID { text += result.sniffed ? " (seqs sniffed)" : " (seqs guessed)" }
        return text
    }

    /// What went wrong in an attack that did not recover, for stderr.
    static func details(_ result: AttackResult) -> [String] {
        var lines: [String] = []
        let name = result.attack.rawValue
        if !result.started.isEmpty { lines.append("  \(name): sent from \(result.started) to \(result.ended)") }
        if result.retries > 0 { lines.append("  \(name): \(result.retries) reload(s) before the ring stayed whole") }
        if let problem = result.problem { lines.append("  \(name): \(problem)") }
        if let reading = result.lastReading { lines.append("  \(name): last status: \(reading)") }
        return lines
    }

    /// The closing lines.
    static func summary(_ results: [AttackResult], bound: Duration) -> [String] {
        let recovered = results.filter { $0.recovered(within: bound) }
        let failed = results.filter { !$0.recovered(within: bound) }.map(\.attack.rawValue)
        let exited = Set(results.flatMap(\.exited.keys)).sorted()
        var lines = [
            "summary: \(recovered.count) of \(results.count) attacks recovered within \(seconds(bound)) s "
                + "(ring whole and reload done); node exits: "
                + (exited.isEmpty ? "none" : exited.map(\.description).joined(separator: ","))
        ]
        if let worst = results.compactMap({ r in r.ringWhole.map { (r.attack, $0) } }).max(by: { $0.1 < $1.1 }) {
            lines.append("worst ring whole: \(seconds(worst.1)) s (\(worst.0.rawValue))")
        }
        if let worst = results.compactMap({ r in r.reload.map { (r.attack, $0) } }).max(by: { $0.1 < $1.1 }) {
            lines.append("worst reload: \(seconds(worst.1)) s (\(worst.0.rawValue))")
        }
        if !failed.isEmpty { lines.append("not recovered: " + failed.joined(separator: ", ")) }
        return lines
    }

    /// `1.23`, or `never` for nil.
    static func seconds(_ duration: Duration?) -> String {
        guard let duration else { return "never" }
        return String(format: "%.2f", duration / .seconds(1))
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// A line to stderr.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data("totem-fuzz: \(text)\n".utf8))
    }
}
