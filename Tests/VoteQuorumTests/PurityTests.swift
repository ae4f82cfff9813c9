import Foundation
import Testing

@Suite struct PurityTests {
    /// Sources/VoteQuorum is a pure core: it may import the standard library and Totem only.
    @Test func voteQuorumImportsOnlyTotem() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/VoteQuorum")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                #expect(line == "import Totem", "\(file.lastPathComponent): \(line)")
            }
            #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count < 300, "\(file.lastPathComponent) too long")
        }
    }
}
